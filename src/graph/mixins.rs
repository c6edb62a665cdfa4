//! Pass 2: `use Mixin` lines expanded. A mixin's members come first, in `use` order, before the
//! entity's own; mixins may use other mixins (expanded depth-first; cycles are reported once by
//! [`check_cycles`], whichever entities use them, and skipped by expansion).

use std::collections::HashMap;

use super::types::TYPE_NAMES;
use crate::diagnostics::{Diagnostics, Span, closest, messages};
use crate::syntax::ast::{Block, Ident, Member, Use};

/// A member of an entity after expansion, with the mixin it came from.
#[derive(Clone, Copy)]
pub struct ExpandedMember<'a> {
    pub member: &'a Member,
    pub mixin: Option<&'a str>,
}

pub fn expand<'a>(
    entity: &'a Block,
    mixins: &HashMap<&'a str, &'a Block>,
    entity_names: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<ExpandedMember<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![entity.name.name.as_str()];
    expand_into(
        entity,
        None,
        mixins,
        entity_names,
        &mut stack,
        &mut out,
        diagnostics,
    );
    out
}

fn expand_into<'a>(
    block: &'a Block,
    from_mixin: Option<&'a str>,
    mixins: &HashMap<&'a str, &'a Block>,
    entity_names: &[&str],
    stack: &mut Vec<&'a str>,
    out: &mut Vec<ExpandedMember<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let mut used: Vec<&str> = Vec::new();
    for member in &block.members {
        let Member::Use(use_decl) = member else {
            continue;
        };
        let name = use_decl.mixin.name.as_str();
        let Some(mixin) = mixins.get(name) else {
            if TYPE_NAMES.contains(&name) {
                // `use string`: a field named `use`, which the keyword does not allow.
                diagnostics.push(messages::keyword_as_field_name(&use_keyword(use_decl)));
            } else if entity_names.contains(&name) {
                diagnostics.push(messages::use_of_entity(&use_decl.mixin));
            } else {
                let suggestion = closest(name, mixins.keys().copied());
                diagnostics.push(messages::unknown_mixin(&use_decl.mixin, suggestion));
            }
            continue;
        };
        if used.contains(&name) {
            diagnostics.push(messages::mixin_used_twice(&use_decl.mixin));
            continue;
        }
        used.push(name);
        if stack.contains(&name) {
            continue;
        }
        stack.push(name);
        expand_into(
            mixin,
            Some(mixin.name.name.as_str()),
            mixins,
            entity_names,
            stack,
            out,
            diagnostics,
        );
        stack.pop();
    }
    out.extend(
        block
            .members
            .iter()
            .filter(|m| !matches!(m, Member::Use(_)))
            .map(|member| ExpandedMember {
                member,
                mixin: from_mixin,
            }),
    );
}

/// The `use` keyword of a use line, as a name.
fn use_keyword(use_decl: &Use) -> Ident {
    let start = use_decl.span.start as usize;
    Ident {
        name: "use".into(),
        span: Span::new(use_decl.span.file, start, start + "use".len()),
    }
}

/// Reports every cycle of `use` lines among mixins once: from the first-declared mixin of the
/// cycle, at the `use` line that leads back to it. Unused mixins are checked too.
pub fn check_cycles(mixins: &HashMap<&str, &Block>, diagnostics: &mut Diagnostics) {
    let mut roots: Vec<&Block> = mixins.values().copied().collect();
    roots.sort_by_key(|b| b.name.span);
    for root in roots {
        let mut stack = vec![root.name.name.as_str()];
        find_cycles(root, root, mixins, &mut stack, diagnostics);
    }
}

fn find_cycles<'a>(
    root: &Block,
    block: &'a Block,
    mixins: &HashMap<&str, &'a Block>,
    stack: &mut Vec<&'a str>,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: Vec<&str> = Vec::new();
    for member in &block.members {
        let Member::Use(use_decl) = member else {
            continue;
        };
        let name = use_decl.mixin.name.as_str();
        let Some(mixin) = mixins.get(name).copied() else {
            continue;
        };
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if name == root.name.name {
            let root_declared_first = stack.iter().all(|m| mixins[m].name.span >= root.name.span);
            if root_declared_first {
                diagnostics.push(messages::mixin_cycle(&use_decl.mixin, stack));
            }
        } else if !stack.contains(&name) {
            stack.push(mixin.name.name.as_str());
            find_cycles(root, mixin, mixins, stack, diagnostics);
            stack.pop();
        }
    }
}
