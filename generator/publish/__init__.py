"""The only place that knows MkDocs: the plugin, `generator build`, the page writer, the export."""
