"""The only place that knows MkDocs: the plugin, `generator build`, the second renderer, the export."""
