//! Tree walks without recursion (deep trees cannot overflow the stack) and
//! without allocating a child list per node.

use tree_sitter::Node;

/// Visits `root` and its descendants in pre-order. `visit` returns whether to
/// descend into the node it was given.
pub fn preorder<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if visit(node) && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if depth == 0 {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// The nodes from `leaf` up to `root`, innermost first. Built from the top:
/// `Node::parent` starts from the root on each call, so walking up would
/// cost the depth squared, each step a scan of the root's children.
pub fn ancestors_of<'t>(root: Node<'t>, leaf: Node<'t>) -> Vec<Node<'t>> {
    let mut down = vec![root];
    let mut node = root;
    while node.id() != leaf.id() {
        match node.child_with_descendant(leaf) {
            Some(child) if child.id() != node.id() => {
                down.push(child);
                node = child;
            }
            _ => break,
        }
    }
    down.reverse();
    down
}
