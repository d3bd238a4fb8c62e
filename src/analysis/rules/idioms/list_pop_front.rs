//! PG609 list-pop-front: `xs.pop(0)` / `xs.insert(0, x)` used as a queue.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{in_loop, scope_roots, walk_scope};
use crate::analysis::rules::util::positional_arguments;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct ListPopFront;

impl super::Rule for ListPopFront {
    fn name(&self) -> &'static str {
        "list-pop-front"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((receiver, method)) = super::super::util::method_call(node) else {
            return;
        };
        let Some(args) = node.field("arguments") else {
            return;
        };
        let positional = positional_arguments(node);
        let count = args.named_child_count();
        let shape = match ctx.text_of(method) {
            "pop" => count == 1 && positional.len() == 1,
            "insert" => count == 2 && positional.len() == 2,
            _ => false,
        };
        if !shape || positional.first().is_none_or(|a| ctx.text_of(*a) != "0") {
            return;
        }
        // `os.environ.pop(0)`, `np.insert(a, 0, x)`: not a list method.
        if ctx.qualified(receiver).is_some() {
            return;
        }
        // Once is harmless; a queue is drained in a loop or kept on an object.
        let on_self = receiver.kind_str() == "attribute"
            && receiver.field("object").is_some_and(|o| ctx.text_of(o) == "self");
        if !in_loop(node, true) && !on_self {
            return;
        }
        if known_not_list(receiver, node, ctx) {
            return;
        }
        out.push(Hit::new(ctx.range(node)));
    }
}

const NOT_LISTS: &[&str] = &[
    "collections.deque",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.Counter",
    "builtins.dict",
    "queue.Queue",
    "asyncio.Queue",
];

/// Whether the receiver is bound in its scope (or, for `self.x`, in its class)
/// to something that is not a list: a deque, a dict, a dict display.
fn known_not_list(receiver: Node, at: Node, ctx: &Context) -> bool {
    let receiver_text: String = ctx
        .text_of(receiver)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let roots = if receiver.kind_str() == "attribute" {
        // `self.queue`: look through the whole class.
        let mut n = at.parent();
        let mut class = None;
        while let Some(p) = n {
            if p.kind_str() == "class_definition" {
                class = Some(p);
                break;
            }
            n = p.parent();
        }
        match class {
            Some(c) => vec![c],
            None => scope_roots(at),
        }
    } else {
        scope_roots(at)
    };
    let mut not_list = false;
    let mut check = |n: Node| {
        let (left, right) = match n.kind_str() {
            "assignment" => (n.field("left"), n.field("right")),
            _ => (None, None),
        };
        let (Some(left), Some(right)) = (left, right) else {
            if matches!(n.kind_str(), "typed_parameter" | "typed_default_parameter") {
                let name = n
                    .field("name")
                    .or_else(|| n.named_child(0).filter(|c| c.kind_str() == "identifier"));
                if name.is_some_and(|p| ctx.text_of(p) == receiver_text) {
                    let ty = n.field("type").map(|t| ctx.text_of(t)).unwrap_or("");
                    not_list |= [
                        "deque",
                        "dict",
                        "Deque",
                        "Dict",
                        "OrderedDict",
                        "defaultdict",
                        "Queue",
                    ]
                    .iter()
                    .any(|t| ty.contains(t));
                }
            }
            return;
        };
        let left_text: String = ctx.text_of(left).chars().filter(|c| !c.is_whitespace()).collect();
        if left_text != receiver_text {
            return;
        }
        if let Some(ty) = n.field("type") {
            let ty = ctx.text_of(ty);
            if [
                "deque",
                "dict",
                "Deque",
                "Dict",
                "OrderedDict",
                "defaultdict",
                "Queue",
            ]
            .iter()
            .any(|t| ty.contains(t))
            {
                not_list = true;
            }
        }
        not_list |= match right.kind_str() {
            "dictionary" | "dictionary_comprehension" => true,
            "call" => ctx
                .qualified(right)
                .is_some_and(|q| NOT_LISTS.contains(&q.as_str())),
            _ => false,
        };
    };
    if receiver.kind_str() == "attribute" {
        for root in &roots {
            preorder(*root, |n| {
                check(n);
                true
            });
        }
    } else {
        walk_scope(&roots, &mut check);
        if let Some(function) = crate::analysis::rules::util::enclosing_function(at) {
            if let Some(params) = function.field("parameters") {
                preorder(params, |n| {
                    check(n);
                    true
                });
            }
        }
    }
    not_list
}
