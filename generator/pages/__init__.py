"""An Archive in, the site's pages (planned, then rendered to HTML by templates) and generated
files out: pure functions.

Never imports MkDocs.
"""
