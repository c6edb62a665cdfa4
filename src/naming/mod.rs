//! ent naming rules (filled in).
