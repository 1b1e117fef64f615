"""An Archive in, the site's pages (Markdown) and generated files out: pure functions.

Never imports MkDocs.
"""
