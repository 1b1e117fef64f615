"""Reading and checking what contributors write: content/ in, an Archive and every problem out.

Never imports MkDocs.
"""
