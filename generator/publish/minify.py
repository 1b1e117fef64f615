"""Pages as they are written: minified by minify-html, a maintained minifier that knows HTML's
whitespace and quoting rules (a regex over markup would not), so a page loses the theme's
indentation and blank lines and nothing a reader sees.

Inline scripts and styles are left as the theme wrote them: they are few and small, and a page's
JSON-LD must stay exactly the data it was drawn as.
"""

from __future__ import annotations

import minify_html


def minified(page: str) -> str:
    return minify_html.minify(
        page,
        keep_closing_tags=False,  # only end tags the HTML standard lets out: the element ends there anyway
        keep_html_and_head_opening_tags=True,
        minify_css=False,
        minify_js=False,
    )
