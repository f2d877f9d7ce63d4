//! JSON inventories through serde_json's streaming deserializer with typed visitors: list items
//! are validated and handed on one at a time, unknown fields are skipped with `IgnoredAny`, and
//! no generic `Value` tree is ever built.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

use super::{Collector, Draft, InventoryError, Node, parse_allocatable, parse_taint};
use crate::k8s::Taint;
use crate::k8s::lenient::{lenient_string_map, null_default};

pub(super) fn read<R: Read, F: FnMut(Node)>(
    reader: R,
    collector: &mut Collector<F>,
) -> Result<(), InventoryError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = (Top { collector })
        .deserialize(&mut de)
        .and_then(|()| de.end());
    result.map_err(|e| to_inventory_error(&e))
}

pub(super) fn to_inventory_error(e: &serde_json::Error) -> InventoryError {
    if e.is_io()
        && let Some(bad) = crate::input::BadInput::of(e)
    {
        return InventoryError {
            line: bad.line as usize,
            column: bad.column as usize,
            message: bad.message.clone(),
        };
    }
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    };
    InventoryError {
        line: e.line(),
        column: e.column(),
        message,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Metadata {
    #[serde(deserialize_with = "null_default")]
    name: String,
    #[serde(rename = "generateName", deserialize_with = "null_default")]
    generate_name: String,
    #[serde(deserialize_with = "lenient_string_map")]
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Spec {
    #[serde(deserialize_with = "null_default")]
    taints: Vec<Taint>,
    #[serde(deserialize_with = "null_default")]
    unschedulable: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Status {
    #[serde(deserialize_with = "lenient_string_map")]
    allocatable: BTreeMap<String, String>,
    #[serde(deserialize_with = "ready_condition")]
    conditions: Option<bool>,
}

#[derive(Deserialize)]
struct Condition {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    status: String,
}

/// Keeps only the `Ready` condition's status out of `status.conditions`.
fn ready_condition<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let list: Option<Vec<Condition>> = Option::deserialize(d)?;
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.kind == "Ready")
        .map(|c| c.status == "True"))
}

fn fill(draft: &mut Draft, metadata: Metadata, spec: Spec, status: Status) -> Result<(), String> {
    draft.name = Some(metadata.name);
    draft.generate_name = Some(metadata.generate_name);
    draft.node.labels = metadata.labels;
    draft.node.taints = spec.taints;
    draft.node.unschedulable = spec.unschedulable;
    draft.node.ready = status.conditions;
    for (k, v) in status.allocatable {
        let q = parse_allocatable(&k, &v)?;
        draft.node.allocatable.insert(k, q);
    }
    Ok(())
}

/// The top-level object: a List/NodeList, a single Node, or the planning format. `kind` may
/// follow `items` (kubectl sorts keys), so the kind check happens at the end.
struct Top<'c, F: FnMut(Node)> {
    collector: &'c mut Collector<F>,
}

impl<'de, F: FnMut(Node)> DeserializeSeed<'de> for Top<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Node)> Visitor<'de> for Top<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Node, a List of Nodes, or {\"nodes\": [...]}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut listish = false;
        let (mut metadata, mut spec, mut status) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => kind = map.next_value()?,
                "items" => {
                    listish = true;
                    map.next_value_seed(Entries {
                        collector: &mut *self.collector,
                        list: List::Items,
                    })?;
                }
                "nodes" => {
                    listish = true;
                    map.next_value_seed(Entries {
                        collector: &mut *self.collector,
                        list: List::Plan,
                    })?;
                }
                "metadata" => metadata = Some(map.next_value::<Metadata>()?),
                "spec" => spec = Some(map.next_value::<Spec>()?),
                "status" => status = Some(map.next_value::<Status>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if listish {
            return match kind.as_deref() {
                None | Some("List") | Some("NodeList") => Ok(()),
                Some(other) => Err(de::Error::custom(format!(
                    "expected a List or NodeList of Nodes, found a {other}"
                ))),
            };
        }
        let object = metadata.is_some() || spec.is_some() || status.is_some();
        let kind = match kind {
            Some(k) => k,
            // A kindless object with node parts is read as a Node (node templates omit kind).
            None if object => "Node".to_string(),
            None => {
                return Err(de::Error::custom(
                    "not a node inventory: no kind, items or nodes",
                ));
            }
        };
        let mut draft = Draft {
            kind: Some(kind),
            ..Draft::default()
        };
        fill(
            &mut draft,
            metadata.unwrap_or_default(),
            spec.unwrap_or_default(),
            status.unwrap_or_default(),
        )
        .map_err(de::Error::custom)?;
        self.collector.push(draft).map_err(de::Error::custom)
    }
}

/// `items` or `nodes`: each element is read, validated and handed on before the next is read.
struct Entries<'c, F: FnMut(Node)> {
    collector: &'c mut Collector<F>,
    list: List,
}

/// Which list is being read.
#[derive(Clone, Copy)]
enum List {
    /// `items` of Node objects.
    Items,
    /// `nodes` of the planning format.
    Plan,
}

impl<'de, F: FnMut(Node)> DeserializeSeed<'de> for Entries<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: FnMut(Node)> Visitor<'de> for Entries<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of nodes")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while seq
            .next_element_seed(Entry {
                collector: &mut *self.collector,
                index,
                list: self.list,
            })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }
}

/// One list element, validated and handed on inside its own deserialization so that an error
/// is positioned at the end of that element rather than at the end of the list.
struct Entry<'c, F: FnMut(Node)> {
    collector: &'c mut Collector<F>,
    index: usize,
    list: List,
}

impl<'de, F: FnMut(Node)> DeserializeSeed<'de> for Entry<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Node)> Visitor<'de> for Entry<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node")
    }
    /// Validation happens here, inside serde_json's `deserialize_map`, because serde_json
    /// stamps its current position only on errors raised within a `deserialize_*` call.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let (name, draft) = match self.list {
            List::Items => ("items", node_fields(map)?),
            List::Plan => (
                "nodes",
                plan_draft(PlanNode::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?),
            ),
        };
        let index = self.index;
        let fail = |m: String| de::Error::custom(format!("{name}[{index}]: {m}"));
        self.collector.push(draft.map_err(fail)?).map_err(fail)
    }
}

/// The kept fields of one Node object.
fn node_fields<'de, A: MapAccess<'de>>(mut map: A) -> Result<Result<Draft, String>, A::Error> {
    let mut draft = Draft::default();
    let (mut metadata, mut spec, mut status) = (None, None, None);
    while let Some(key) = map.next_key::<String>()? {
        match key.as_str() {
            "kind" => draft.kind = map.next_value()?,
            "metadata" => metadata = Some(map.next_value::<Metadata>()?),
            "spec" => spec = Some(map.next_value::<Spec>()?),
            "status" => status = Some(map.next_value::<Status>()?),
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(fill(
        &mut draft,
        metadata.unwrap_or_default(),
        spec.unwrap_or_default(),
        status.unwrap_or_default(),
    )
    .map(|()| draft))
}

/// The planning format's node entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanNode {
    #[serde(default)]
    name: String,
    #[serde(default, deserialize_with = "lenient_string_map")]
    labels: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "null_default")]
    taints: Vec<String>,
    #[serde(default, deserialize_with = "null_default")]
    unschedulable: bool,
    #[serde(default, deserialize_with = "lenient_string_map")]
    allocatable: BTreeMap<String, String>,
    #[serde(default)]
    ready: Option<bool>,
}

fn plan_draft(p: PlanNode) -> Result<Draft, String> {
    let mut node = Node {
        labels: p.labels,
        unschedulable: p.unschedulable,
        ready: p.ready,
        ..Node::default()
    };
    for t in &p.taints {
        node.taints.push(parse_taint(t)?);
    }
    for (k, v) in p.allocatable {
        let q = parse_allocatable(&k, &v)?;
        node.allocatable.insert(k, q);
    }
    Ok(Draft {
        kind: None,
        name: Some(p.name),
        generate_name: None,
        node,
    })
}
