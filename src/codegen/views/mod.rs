//! View structs the templates read: every name a template prints is computed here from the graph.
