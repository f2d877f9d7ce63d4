//! Label and node selectors with the matching rules of `k8s.io/apimachinery/pkg/labels`
//! (`Requirement.Matches`, `NewRequirement`) and
//! `k8s.io/component-helpers/scheduling/corev1/nodeaffinity` (`NodeSelector`, `nodeSelectorTerm.match`,
//! `nodeSelectorRequirementsAsSelector`, `nodeSelectorRequirementsAsFieldSelector`).

use serde::Deserialize;
use std::collections::BTreeMap;

use super::lenient::{lenient_string_map, lenient_strings};

/// Node labels or any other label set.
pub type Labels = BTreeMap<String, String>;

/// `metav1.LabelSelector`: matchLabels ANDed with matchExpressions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[serde(deserialize_with = "lenient_string_map")]
    pub match_labels: BTreeMap<String, String>,
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// `metav1.LabelSelectorRequirement` (operators In, NotIn, Exists, DoesNotExist).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(deserialize_with = "lenient_strings")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Whether `labels` satisfy the selector, as `metav1.LabelSelectorAsSelector(..).Matches`:
    /// an empty selector matches everything; an unparsable requirement matches nothing.
    pub fn matches(&self, labels: &Labels) -> bool {
        let equal = self
            .match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v));
        equal
            && self.match_expressions.iter().all(|r| {
                let op = match r.operator.as_str() {
                    "In" => Operator::In,
                    "NotIn" => Operator::NotIn,
                    "Exists" => Operator::Exists,
                    "DoesNotExist" => Operator::DoesNotExist,
                    _ => return false,
                };
                Requirement::new(&r.key, op, &r.values).is_ok_and(|req| req.matches(labels))
            })
    }
}

/// `v1.NodeSelector`: terms ORed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSelector {
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// `v1.NodeSelectorTerm`: matchExpressions and matchFields ANDed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSelectorTerm {
    pub match_expressions: Vec<NodeSelectorRequirement>,
    pub match_fields: Vec<NodeSelectorRequirement>,
}

/// `v1.NodeSelectorRequirement`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(deserialize_with = "lenient_strings")]
    pub values: Vec<String>,
}

/// Selection operators of `k8s.io/apimachinery/pkg/selection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

/// A validated label requirement (`labels.Requirement`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement<'a> {
    key: &'a str,
    op: Operator,
    values: &'a [String],
    number: i64,
}

impl<'a> Requirement<'a> {
    /// Validates like `labels.NewRequirement`: the key must be a qualified name; In/NotIn need
    /// values, Exists/DoesNotExist none, Gt/Lt exactly one integer; every value a valid label value.
    pub fn new(key: &'a str, op: Operator, values: &'a [String]) -> Result<Self, String> {
        check_qualified_name(key).map_err(|e| format!("key: Invalid value: {key:?}: {e}"))?;
        let mut number = 0;
        match op {
            Operator::In | Operator::NotIn if values.is_empty() => {
                return Err("values: Required value: for 'in', 'notin' operators, values set can't be empty".into());
            }
            Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
                return Err(
                    "values: Forbidden: values set must be empty for exists and does not exist"
                        .into(),
                );
            }
            Operator::Gt | Operator::Lt => {
                let [only] = values else {
                    return Err("values: Required value: for 'Gt', 'Lt' operators, exactly one value is required".into());
                };
                number = only.parse::<i64>().map_err(|_| {
                    format!("values[0]: Invalid value: {only:?}: for 'Gt', 'Lt' operators, the value must be an integer")
                })?;
            }
            _ => {}
        }
        for (i, v) in values.iter().enumerate() {
            check_label_value(v).map_err(|e| format!("values[{i}]: Invalid value: {v:?}: {e}"))?;
        }
        Ok(Requirement {
            key,
            op,
            values,
            number,
        })
    }

    /// `labels.Requirement.Matches`.
    pub fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(self.key);
        match self.op {
            Operator::In => value.is_some_and(|v| self.values.contains(v)),
            Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::Gt | Operator::Lt => match value.map(|v| v.parse::<i64>()) {
                Some(Ok(n)) if self.op == Operator::Gt => n > self.number,
                Some(Ok(n)) => n < self.number,
                _ => false,
            },
        }
    }
}

/// Why one node selector term did or did not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermOutcome {
    /// The term matched.
    Match,
    /// `isEmptyNodeSelectorTerm`: a term without expressions or fields selects nothing.
    Empty,
    /// The term could not be parsed; upstream treats it as not matching (lazy parse errors).
    Invalid(String),
    /// The first expression (index, `matchExpressions`/`matchFields`) that failed, with detail.
    Mismatch(String),
}

impl NodeSelectorTerm {
    /// `nodeSelectorTerm.match` against node labels and the node's name (the only node field).
    pub fn evaluate(&self, labels: &Labels, node_name: &str) -> TermOutcome {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return TermOutcome::Empty;
        }
        // Parse everything first: a term with any parse error never matches.
        let mut parsed = Vec::with_capacity(self.match_expressions.len());
        let mut errors = Vec::new();
        for (i, e) in self.match_expressions.iter().enumerate() {
            let op = match e.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                "Gt" => Operator::Gt,
                "Lt" => Operator::Lt,
                other => {
                    errors.push(format!("matchExpressions[{i}].operator: Unsupported value: {other:?}: supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\""));
                    continue;
                }
            };
            match Requirement::new(&e.key, op, &e.values) {
                Ok(r) => parsed.push((i, r)),
                Err(msg) => errors.push(format!("matchExpressions[{i}].{msg}")),
            }
        }
        for (i, f) in self.match_fields.iter().enumerate() {
            match f.operator.as_str() {
                "In" | "NotIn" if f.values.len() != 1 => errors.push(format!(
                    "matchFields[{i}].values: Invalid value: {:?}: must have one element",
                    f.values
                )),
                "In" | "NotIn" => {}
                other => errors.push(format!(
                    "matchFields[{i}].operator: Unsupported value: {other:?}: supported values: \"In\", \"NotIn\""
                )),
            }
        }
        if !errors.is_empty() {
            return TermOutcome::Invalid(errors.join("; "));
        }
        for (i, r) in &parsed {
            if !r.matches(labels) {
                let e = &self.match_expressions[*i];
                let has = match labels.get(&e.key) {
                    Some(v) => format!("node has {}={v:?}", e.key),
                    None => format!("node has no label {}", e.key),
                };
                return TermOutcome::Mismatch(format!(
                    "matchExpressions[{i}] {} {} {:?}: {has}",
                    e.key, e.operator, e.values
                ));
            }
        }
        // extractNodeFields only sets metadata.name when the name is non-empty, and an empty
        // field set skips the matchFields check entirely.
        if !node_name.is_empty() {
            for (i, f) in self.match_fields.iter().enumerate() {
                let actual = if f.key == "metadata.name" {
                    node_name
                } else {
                    ""
                };
                let wanted = f.values.first().map(String::as_str).unwrap_or("");
                let ok = (f.operator == "In") == (actual == wanted);
                if !ok {
                    return TermOutcome::Mismatch(format!(
                        "matchFields[{i}] {} {} {:?}: node {} is {actual:?}",
                        f.key, f.operator, f.values, f.key
                    ));
                }
            }
        }
        TermOutcome::Match
    }
}

impl NodeSelector {
    /// `LazyErrorNodeSelector.Match`: true when any term matches; each term's outcome is kept
    /// for explanations.
    pub fn evaluate(&self, labels: &Labels, node_name: &str) -> (bool, Vec<TermOutcome>) {
        let outcomes: Vec<TermOutcome> = self
            .node_selector_terms
            .iter()
            .map(|t| t.evaluate(labels, node_name))
            .collect();
        (outcomes.contains(&TermOutcome::Match), outcomes)
    }

    /// Whether the node matches.
    pub fn matches(&self, labels: &Labels, node_name: &str) -> bool {
        self.node_selector_terms
            .iter()
            .any(|t| t.evaluate(labels, node_name) == TermOutcome::Match)
    }
}

/// `validation.IsQualifiedName`: `[prefix/]name`, the upstream messages joined.
pub fn check_qualified_name(key: &str) -> Result<(), String> {
    as_result(super::names::is_qualified_name(key))
}

/// `validation.IsValidLabelValue`, the upstream messages joined.
pub fn check_label_value(value: &str) -> Result<(), String> {
    as_result(super::names::is_valid_label_value(value))
}

fn as_result(errors: Vec<String>) -> Result<(), String> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn term(
        exprs: Vec<NodeSelectorRequirement>,
        fields: Vec<NodeSelectorRequirement>,
    ) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: exprs,
            match_fields: fields,
        }
    }

    #[test]
    fn operators_follow_labels_requirement() {
        let l = labels(&[("zone", "a"), ("cores", "8"), ("bad", "x")]);
        let m = |k: &str, op: &str, v: &[&str]| {
            term(vec![req(k, op, v)], vec![]).evaluate(&l, "n") == TermOutcome::Match
        };
        assert!(m("zone", "In", &["a", "b"]));
        assert!(!m("zone", "In", &["b"]));
        assert!(!m("missing", "In", &["a"]));
        assert!(
            m("missing", "NotIn", &["a"]),
            "NotIn matches an absent label"
        );
        assert!(!m("zone", "NotIn", &["a"]));
        assert!(m("zone", "Exists", &[]));
        assert!(m("missing", "DoesNotExist", &[]));
        assert!(m("cores", "Gt", &["4"]));
        assert!(!m("cores", "Gt", &["8"]));
        assert!(m("cores", "Lt", &["9"]));
        assert!(
            !m("bad", "Gt", &["1"]),
            "non-numeric label never matches Gt"
        );
        assert!(!m("missing", "Lt", &["1"]));
    }

    #[test]
    fn unparsable_terms_match_nothing() {
        let l = labels(&[("zone", "a")]);
        for t in [
            term(vec![req("zone", "Equals", &["a"])], vec![]),
            term(vec![req("zone", "In", &[])], vec![]),
            term(vec![req("zone", "Exists", &["a"])], vec![]),
            term(vec![req("zone", "Gt", &["x"])], vec![]),
            term(vec![req("bad key!", "Exists", &[])], vec![]),
            term(vec![], vec![req("metadata.name", "In", &["a", "b"])]),
            term(vec![], vec![req("metadata.name", "Exists", &[])]),
        ] {
            assert!(
                matches!(t.evaluate(&l, "n"), TermOutcome::Invalid(_)),
                "{t:?}"
            );
        }
        assert_eq!(term(vec![], vec![]).evaluate(&l, "n"), TermOutcome::Empty);
    }

    #[test]
    fn terms_are_ored_and_fields_use_the_node_name() {
        let sel = NodeSelector {
            node_selector_terms: vec![
                term(vec![], vec![]),
                term(vec![], vec![req("metadata.name", "In", &["n2"])]),
                term(vec![req("zone", "In", &["b"])], vec![]),
            ],
        };
        let l = labels(&[("zone", "a")]);
        assert!(!sel.matches(&l, "n1"));
        assert!(sel.matches(&l, "n2"));
        assert!(sel.matches(&labels(&[("zone", "b")]), "n1"));
        let not_in = term(vec![], vec![req("metadata.name", "NotIn", &["n1"])]);
        assert_ne!(not_in.evaluate(&l, "n1"), TermOutcome::Match);
        assert_eq!(not_in.evaluate(&l, "n2"), TermOutcome::Match);
    }

    #[test]
    fn label_selector_matches() {
        let sel = LabelSelector {
            match_labels: [("app".to_string(), "x".to_string())].into(),
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "NotIn".into(),
                values: vec!["db".into()],
            }],
        };
        assert!(sel.matches(&labels(&[("app", "x")])));
        assert!(!sel.matches(&labels(&[("app", "x"), ("tier", "db")])));
        assert!(!sel.matches(&labels(&[])));
        assert!(LabelSelector::default().matches(&labels(&[])));
    }
}
