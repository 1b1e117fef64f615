"""Stories and registry entries written by an attacker, for the security tests."""

PEOPLE = """\
evil-person:
  name: "<script>alert('person')</script>Mallory"
  aliases: ["\\"><img src=x onerror=alert('alias')>"]
  description: "<iframe src=javascript:alert('description')></iframe>"
  links:
    - {title: "<b onmouseover=alert('link')>x</b>", url: "https://example.org/"}
"""
TAGS = """\
evil-tag:
  name: "<svg onload=alert('tag')>"
  description: "[click](javascript:alert('tagdesc'))"
"""

STORIES = {
    "2023/hostile-title.md": """---
title: "</title><script>alert('title')</script>"
date: 2023-05-01
authors: ["<img src=x onerror=alert('author')>"]
summary: "\\"><script>alert('summary')</script>"
tags: [evil-tag]
people: [evil-person]
source: {name: "<script>alert('source')</script>", url: "https://example.org/a?b=<script>"}
---

<script>alert('body script')</script>

<img src="x" onerror="alert('onerror')">

<img src="https://tracker.example/pixel.png">

<iframe src="javascript:alert('iframe')"></iframe>

<object data="javascript:alert('object')"></object>

<a href="javascript:alert('raw link')">raw link</a>

[markdown link](javascript:alert('md link'))

[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<img src="javascript:alert('md image')" alt="image">

<div style="background:url(https://tracker.example/bg.png)" onclick="alert('div')">styled</div>

<svg><script>alert('svg')</script></svg>

<form action="https://evil.example/"><input name="q" autofocus onfocus="alert('focus')"></form>

Click me
{: onclick="alert('attr_list')" }

## <img src=x onerror=alert('heading')>

<link rel="stylesheet" href="https://evil.example/x.css">
<meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
<base href="https://evil.example/">
""",
    # What the theme renders outside the sanitised article, and what its script acts on.
    "2023/hostile-theme.md": """---
title: Theme holes
date: 2023-05-02
tags: [evil-tag]
---

## Hi {: id='"><img src=x onerror=alert("toc")>' }

## Label {: data-toc-label="<img src=x onerror=alert('toclabel')>" }

## __config

<div id="__config">{"base": ".", "features": ["content.tooltips"],
"version": {"provider": "mike"}, "search": "x"}</div>

<span title="<img src=x onerror=alert('tooltip')>">hover me</span>

<img src="\\\\127.0.0.2\\share\\p.png" alt="unc">

<img src="/\\127.0.0.2/p.png" alt="backslash">

<img src="/	/127.0.0.2/p.png" alt="tab">

<pre class="mermaid">graph TD; A-->B</pre>
""",
}
