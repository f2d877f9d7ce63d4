//! Writing new YAML and JSON. YAML goes through serde-saphyr, which quotes every string that
//! YAML 1.1 would read as something else (`"yes"`, `"on"`, `"0777"`, `"1_000"`, `"1e3"`), so what
//! dsctl writes is read back by kubectl as what dsctl meant.

use serde_json::Value;

/// One object as a YAML document (no leading `---`), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut s = serde_saphyr::to_string(value).unwrap_or_else(|e| format!("# {e}\n"));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Several objects as a YAML stream separated by `---`.
pub fn to_yaml_stream<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(v));
    }
    out
}

/// One object as indented JSON ending with a newline, as `kubectl -o json` prints it.
pub fn to_json(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::load;

    #[test]
    fn yaml_1_1_traps_survive_a_round_trip() {
        let traps = [
            "yes",
            "on",
            "no",
            "y",
            "n",
            "off",
            "0777",
            "1e3",
            "1_000",
            "null",
            "",
            "~",
            "True",
            "0x1F",
            "12:30",
            "2001-12-14",
            "08",
            "+1",
            ".inf",
        ];
        let labels: serde_json::Map<String, Value> = traps
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("k{i}"), Value::String(t.to_string())))
            .collect();
        let obj = serde_json::json!({"kind": "ConfigMap", "metadata": {"labels": labels}});
        let docs = load(to_yaml(&obj).as_bytes()).unwrap();
        assert_eq!(docs[0].value, obj);
    }
}
