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
    // Depth-first with an explicit stack (chains of thousands of mixins must not exhaust the
    // thread's stack): a frame is a block being expanded and the next member to look at.
    let mut frames = vec![Frame::new(entity, None)];
    let mut names = vec![entity.name.name.as_str()];
    while let Some(frame) = frames.last_mut() {
        let Some(member) = frame.block.members.get(frame.next) else {
            // Every `use` of this block expanded: its own members follow them.
            let frame = frames.pop().expect("a frame");
            names.pop();
            out.extend(
                frame
                    .block
                    .members
                    .iter()
                    .filter(|m| !matches!(m, Member::Use(_)))
                    .map(|member| ExpandedMember {
                        member,
                        mixin: frame.from_mixin,
                    }),
            );
            continue;
        };
        frame.next += 1;
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
        if frame.used.contains(&name) {
            diagnostics.push(messages::mixin_used_twice(&use_decl.mixin));
            continue;
        }
        frame.used.push(name);
        // A cycle (reported by `check_cycles`) is not followed.
        if names.contains(&name) {
            continue;
        }
        names.push(name);
        frames.push(Frame::new(mixin, Some(mixin.name.name.as_str())));
    }
    out
}

/// A block whose `use` lines are being expanded.
struct Frame<'a> {
    block: &'a Block,
    from_mixin: Option<&'a str>,
    /// The next member to look at.
    next: usize,
    /// The mixins this block has used so far.
    used: Vec<&'a str>,
}

impl<'a> Frame<'a> {
    fn new(block: &'a Block, from_mixin: Option<&'a str>) -> Frame<'a> {
        Frame {
            block,
            from_mixin,
            next: 0,
            used: Vec::new(),
        }
    }
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
    // Only mixins of one strongly connected component can be on a cycle together: the search
    // for paths back to a root starts at, and stays in, components with a cycle, so a long
    // chain of mixins (no cycle) costs one linear pass instead of a search from every mixin.
    let component = components(mixins);
    let mut sizes = vec![0; component.len()];
    for &c in component.values() {
        sizes[c] += 1;
    }
    let mut roots: Vec<&Block> = mixins
        .values()
        .copied()
        .filter(|b| on_a_cycle(b, &component, &sizes))
        .collect();
    roots.sort_by_key(|b| b.name.span);
    for root in roots {
        let within = |name: &str| component.get(name) == component.get(root.name.name.as_str());
        find_cycles(root, mixins, &within, diagnostics);
    }
}

/// The mixins a block uses (that exist), in `use` order.
fn used_mixins(block: &Block) -> impl Iterator<Item = &str> {
    block.members.iter().filter_map(|m| match m {
        Member::Use(use_decl) => Some(use_decl.mixin.name.as_str()),
        _ => None,
    })
}

/// Whether a mixin is on a cycle: it uses itself, or its component has other mixins.
fn on_a_cycle(block: &Block, component: &HashMap<&str, usize>, sizes: &[usize]) -> bool {
    let name = block.name.name.as_str();
    used_mixins(block).any(|used| used == name) || sizes[component[name]] > 1
}

/// Strongly connected components of the `use` graph (Tarjan's algorithm, iterative so that a
/// chain of thousands of mixins does not exhaust the stack): mixin name → component number.
fn components<'a>(mixins: &HashMap<&'a str, &'a Block>) -> HashMap<&'a str, usize> {
    let mut names: Vec<&str> = mixins.keys().copied().collect();
    names.sort_unstable();
    let index_of: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            used_mixins(mixins[n])
                .filter_map(|used| index_of.get(used).copied())
                .collect()
        })
        .collect();
    let n = names.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut component) = (Vec::new(), vec![usize::MAX; n]);
    let (mut next_index, mut next_component) = (0, 0);
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(start, 0usize)];
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*pos) {
                *pos += 1;
                if index[next] == usize::MAX {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    names.into_iter().zip(component).collect()
}

fn find_cycles<'a>(
    root: &'a Block,
    mixins: &HashMap<&str, &'a Block>,
    within: &dyn Fn(&str) -> bool,
    diagnostics: &mut Diagnostics,
) {
    // A cycle is reported from its first-declared mixin, so the search from `root` only goes
    // through mixins declared after it. Depth-first with an explicit stack of frames (a block,
    // the next member to look at, the mixins it used so far); `stack` holds their names.
    let mut stack = vec![root.name.name.as_str()];
    let mut frames: Vec<(&Block, usize, Vec<&str>)> = vec![(root, 0, Vec::new())];
    while let Some((block, next, seen)) = frames.last_mut() {
        let Some(member) = block.members.get(*next) else {
            frames.pop();
            stack.pop();
            continue;
        };
        *next += 1;
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
            diagnostics.push(messages::mixin_cycle(&use_decl.mixin, &stack));
        } else if within(name) && mixin.name.span >= root.name.span && !stack.contains(&name) {
            stack.push(mixin.name.name.as_str());
            frames.push((mixin, 0, Vec::new()));
        }
    }
}
