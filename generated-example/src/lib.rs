//! The client entgen generates for `schemas/blog`, checked in.
