//! Cheaper forms of two `tree_sitter::Node` methods the analysis calls on
//! nearly every node. `Node::kind()` measures and UTF-8-checks the C string
//! of the kind name on each call, and `Node::child_by_field_name()` finds the
//! field id by comparing the name with every field name of the grammar; over
//! the standard library the two took about a tenth of `pyguide check`. Here
//! both names come from tables built once per process.

use std::sync::OnceLock;

use tree_sitter::Node;

struct Names {
    /// Kind id → kind name.
    kinds: Vec<&'static str>,
    /// (field name, field id), sorted by name.
    fields: Vec<(&'static str, u16)>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let language = crate::text::language();
        let kinds = (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
            })
            .collect();
        let mut fields: Vec<(&'static str, u16)> = (1..=language.field_count())
            .filter_map(|id| {
                let id = u16::try_from(id).ok()?;
                Some((language.field_name_for_id(id)?, id))
            })
            .collect();
        fields.sort_unstable();
        Names { kinds, fields }
    })
}

/// Kind id → kind name for every kind of the grammar (`""` for an id
/// without a name), for tables indexed by kind id.
pub(crate) fn kind_names() -> &'static [&'static str] {
    &names().kinds
}

pub trait NodeExt<'t> {
    /// The node's kind, as `Node::kind()`.
    fn kind_str(&self) -> &'static str;
    /// The child in field `name`, as `Node::child_by_field_name()`.
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> NodeExt<'t> for Node<'t> {
    #[inline]
    fn kind_str(&self) -> &'static str {
        match names().kinds.get(usize::from(self.kind_id())) {
            Some(kind) if !kind.is_empty() => kind,
            _ => self.kind(),
        }
    }

    #[inline]
    fn field(&self, name: &str) -> Option<Node<'t>> {
        let fields = &names().fields;
        let i = fields.binary_search_by(|(f, _)| (*f).cmp(name)).ok()?;
        self.child_by_field_id(fields[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::NodeExt;
    use crate::analysis::walk::preorder;
    use crate::text::Document;

    #[test]
    fn same_answers_as_tree_sitter() {
        let doc = Document::new(
            "import os as o\n@d(x=1)\nasync def f(a, *b, c: int = 2, **d) -> None:\n    x = y = [i for i in b if i]\n    with open(a) as fh, o.x() as g:\n        yield from g\nclass C(B, metaclass=M):\n    def __init__(self): self.v = lambda q: q\ntry:\n    pass\nexcept* E as e:\n    raise X from e\nmatch p:\n    case {\"k\": v, **rest} if v: pass\n",
        );
        let fields = [
            "name",
            "body",
            "left",
            "right",
            "value",
            "function",
            "arguments",
            "object",
            "attribute",
            "parameters",
            "return_type",
            "type",
            "alias",
            "module_name",
            "superclasses",
            "condition",
            "operator",
            "cause",
            "key",
            "nonexistent",
        ];
        let mut nodes = 0;
        preorder(doc.tree().root_node(), |node| {
            nodes += 1;
            assert_eq!(node.kind_str(), node.kind());
            for f in fields {
                assert_eq!(
                    node.field(f),
                    node.child_by_field_name(f),
                    "{f} of {}",
                    node.kind()
                );
            }
            true
        });
        assert!(nodes > 100);
    }
}
