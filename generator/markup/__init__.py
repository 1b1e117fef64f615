"""What contributors write in Markdown, made into safe HTML: story bodies (body) and the short
inline fields, such as summaries and captions (inline). Nothing the generator writes itself goes
through Markdown: it is HTML from the templates. The sanitiser and the safe heading ids are a
Markdown extension (extension), so that an exported site built by another tool gets them too."""
