//! The OpenAPI document, held to what the API really answers: every `$ref`
//! resolves, and every JSON answer the integration tests receive is checked
//! against the schema its operation declares (see `helpers::Api`).

use std::sync::LazyLock;

use serde_json::Value;

static DOCUMENT: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(passerelle::api::openapi()).expect("the document serialises"));

/// Every `$ref` of a JSON document.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, item) in fields {
                match (name.as_str(), item) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => refs(item, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, target: &str) -> Option<&'a Value> {
    doc.pointer(target.strip_prefix('#')?)
}

/// The operation of the document that serves `method path`: the template
/// whose segments match, literal segments first (`/people/me` before `/people/{id}`).
fn operation(method: &str, path: &str) -> Option<&'static Value> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()?
        .iter()
        .filter_map(|(template, item)| {
            let parts: Vec<&str> = template.split('/').collect();
            let matches = parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')));
            let literal = parts.iter().filter(|p| !p.starts_with('{')).count();
            matches.then_some((literal, item))
        })
        .max_by_key(|(literal, _)| *literal)
        .and_then(|(_, item)| item.get(method.to_lowercase()))
}

/// The parts of an `allOf` (how a flattened struct is written) as one
/// object schema: their properties and required names together.
fn merged(parts: &[Value]) -> Value {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(target) => resolve(&DOCUMENT, target).cloned().unwrap_or(Value::Null),
            None => part.clone(),
        };
        let part = match part.get("allOf").and_then(Value::as_array) {
            Some(inner) => merged(inner),
            None => part,
        };
        if let Some(p) = part.get("properties").and_then(Value::as_object) {
            properties.extend(p.clone());
        }
        if let Some(r) = part.get("required").and_then(Value::as_array) {
            required.extend(r.iter().cloned());
        }
    }
    serde_json::json!({"type": "object", "properties": properties, "required": required})
}

/// Where `value` breaks `schema`, if it does.
fn check(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let target_schema = resolve(&DOCUMENT, target).ok_or_else(|| format!("{at}: {target} does not exist"))?;
        return check(target_schema, value, at);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let errors: Vec<String> = options.iter().filter_map(|o| check(o, value, at).err()).collect();
            if errors.len() == options.len() {
                return Err(format!("{at}: matches none of {key}: {}", errors.join(" / ")));
            }
            return Ok(());
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        return check(&merged(all), value, at);
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !value.is_null()
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return Ok(()),
    };
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    let kind = match value {
        Value::Null if nullable => return Ok(()),
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if !types
        .iter()
        .any(|t| *t == kind || (*t == "number" && kind == "integer"))
    {
        return Err(format!("{at}: {kind} where the document says {types:?}"));
    }
    match value {
        Value::Object(fields) => {
            for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                let name = required.as_str().unwrap_or("");
                if !fields.contains_key(name) {
                    return Err(format!("{at}: required `{name}` is missing"));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for (name, item) in fields {
                match properties.and_then(|p| p.get(name)) {
                    Some(property) => check(property, item, &format!("{at}.{name}"))?,
                    None if properties.is_some() && schema.get("additionalProperties").is_none() => {
                        return Err(format!("{at}: `{name}` is not in the document"));
                    }
                    None => {
                        if let Some(extra) = schema.get("additionalProperties").filter(|e| e.is_object()) {
                            check(extra, item, &format!("{at}.{name}"))?;
                        }
                    }
                }
            }
            Ok(())
        }
        Value::Array(items) => match schema.get("items") {
            Some(item_schema) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| check(item_schema, item, &format!("{at}[{i}]"))),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Checks an API answer against the schema its operation declares for its
/// status; panics, naming the operation and the place, when it breaks it.
pub fn conforms(method: &str, path: &str, status: u16, body: &Value) {
    let Some(op) = operation(method, path) else {
        panic!("{method} {path} is not in the OpenAPI document");
    };
    let responses = &op["responses"];
    let Some(response) = responses.get(status.to_string()).or_else(|| responses.get("default")) else {
        panic!("{method} {path} answered {status}, which the document does not list: {body}");
    };
    let schema = &response["content"]["application/json"]["schema"];
    if schema.is_null() {
        return;
    }
    if let Err(error) = check(schema, body, "$") {
        panic!("{method} {path} ({status}) breaks its documented schema: {error}\n{body}");
    }
}

#[test]
fn every_reference_of_the_document_resolves() {
    let mut found = Vec::new();
    refs(&DOCUMENT, &mut found);
    assert!(found.len() > 50, "{}", found.len());
    let dangling: Vec<&String> = found.iter().filter(|r| resolve(&DOCUMENT, r).is_none()).collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
}

#[test]
fn the_checker_catches_an_answer_of_another_shape() {
    let authorisation = serde_json::json!({"error": {"code": 3}});
    let schema = serde_json::json!({"$ref": "#/components/schemas/ErrorBody"});
    assert!(check(&schema, &authorisation, "$").is_err());
    let fine = serde_json::json!({"error": {"code": "not_found", "message": "Absent"}});
    assert!(check(&schema, &fine, "$").is_ok());
}
