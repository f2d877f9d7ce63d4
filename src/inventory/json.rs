//! The typed visitors of JSON inventories: list items are validated and handed on one at a
//! time, unknown fields are skipped with `IgnoredAny`, and no generic `Value` tree is ever
//! built. [`super::json_split`] runs them over slices on every core; [`read`], serde_json's
//! streaming reader over them, reads what is not an object and is the split reader's yardstick
//! in its tests.

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
    result.map_err(to_inventory_error)
}

pub(super) fn to_inventory_error(e: serde_json::Error) -> InventoryError {
    // A read error (a byte the checked reader refused keeps its own position): serde_json
    // hands the io::Error back only by value, and its `source()` skips the error inside.
    if e.is_io() {
        return super::io_error(&std::io::Error::from(e));
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
pub(super) struct Metadata {
    #[serde(deserialize_with = "null_default")]
    name: String,
    #[serde(rename = "generateName", deserialize_with = "null_default")]
    generate_name: String,
    #[serde(deserialize_with = "lenient_string_map")]
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Spec {
    #[serde(deserialize_with = "null_default")]
    taints: Vec<Taint>,
    #[serde(deserialize_with = "null_default")]
    unschedulable: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Status {
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
        let mut fields = TopFields::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => fields.kind = map.next_value()?,
                "items" => {
                    fields.listish = true;
                    map.next_value_seed(Entries::new(&mut *self.collector, List::Items))?;
                }
                "nodes" => {
                    fields.listish = true;
                    map.next_value_seed(Entries::new(&mut *self.collector, List::Plan))?;
                }
                "metadata" => fields.metadata = Some(map.next_value::<Metadata>()?),
                "spec" => fields.spec = Some(map.next_value::<Spec>()?),
                "status" => fields.status = Some(map.next_value::<Status>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if let Some(draft) = finish_top(fields).map_err(de::Error::custom)? {
            self.collector.push(draft).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// What the top-level object held, as far as the decision at its end needs.
#[derive(Default)]
pub(super) struct TopFields {
    pub kind: Option<String>,
    /// It had `items` or `nodes`: a list, whose nodes were handed on as they were read.
    pub listish: bool,
    pub metadata: Option<Metadata>,
    pub spec: Option<Spec>,
    pub status: Option<Status>,
}

/// The end of the top-level object: nothing more for a list (of the right kind), or the one
/// node the object is.
pub(super) fn finish_top(fields: TopFields) -> Result<Option<Draft>, String> {
    if fields.listish {
        return match fields.kind.as_deref() {
            None | Some("List") | Some("NodeList") => Ok(None),
            Some(other) => Err(format!(
                "expected a List or NodeList of Nodes, found a {other}"
            )),
        };
    }
    let object = fields.metadata.is_some() || fields.spec.is_some() || fields.status.is_some();
    let kind = match fields.kind {
        Some(k) => k,
        // A kindless object with node parts is read as a Node (node templates omit kind).
        None if object => "Node".to_string(),
        None => return Err("not a node inventory: no kind, items or nodes".into()),
    };
    let mut draft = Draft {
        kind: Some(kind),
        ..Draft::default()
    };
    fill(
        &mut draft,
        fields.metadata.unwrap_or_default(),
        fields.spec.unwrap_or_default(),
        fields.status.unwrap_or_default(),
    )?;
    Ok(Some(draft))
}

/// `items` or `nodes`: each element is read, validated and handed on before the next is read.
pub(super) struct Entries<'c, F: FnMut(Node)> {
    collector: &'c mut Collector<F>,
    list: List,
}

impl<'c, F: FnMut(Node)> Entries<'c, F> {
    pub(super) fn new(collector: &'c mut Collector<F>, list: List) -> Self {
        Entries { collector, list }
    }
}

/// Which list is being read.
#[derive(Clone, Copy)]
pub(super) enum List {
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
        let draft = element_draft(map, self.list, self.index)?;
        let fail = |m: String| de::Error::custom(format!("{}{m}", label(self.list, self.index)));
        self.collector.push(draft).map_err(fail)
    }
}

/// How errors name a list element: `items[3]: `.
pub(super) fn label(list: List, index: usize) -> String {
    match list {
        List::Items => format!("items[{index}]: "),
        List::Plan => format!("nodes[{index}]: "),
    }
}

/// One list element's draft, its own errors raised inside the element.
fn element_draft<'de, A: MapAccess<'de>>(
    map: A,
    list: List,
    index: usize,
) -> Result<Draft, A::Error> {
    let draft = match list {
        List::Items => node_fields(map)?,
        List::Plan => plan_draft(PlanNode::deserialize(
            de::value::MapAccessDeserializer::new(map),
        )?),
    };
    draft.map_err(|m| de::Error::custom(format!("{}{m}", label(list, index))))
}

/// One list element as a draft, for a reader that validates drafts itself.
pub(super) struct Element {
    pub index: usize,
    pub list: List,
}

impl<'de> DeserializeSeed<'de> for Element {
    type Value = Draft;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Draft, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Element {
    type Value = Draft;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Draft, A::Error> {
        element_draft(map, self.list, self.index)
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
