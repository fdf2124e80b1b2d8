//! Form fields with their labels and their errors beside them. A field's id
//! comes from its body path, and its error is tied to it with
//! `aria-describedby`, so a screen reader reads both.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::form::FormData;
use super::session::CSRF_FIELD;

/// What a form shows: the values last posted and the errors per path.
pub struct Filled<'a> {
    pub data: &'a FormData,
    pub errors: &'a BTreeMap<String, Vec<String>>,
}

fn path_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(path, _)| path)
}

pub fn id_of(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

impl Filled<'_> {
    pub fn value(&self, name: &str) -> &str {
        self.data.value(path_of(name))
    }

    pub fn errors_at(&self, name: &str) -> Option<&Vec<String>> {
        self.errors.get(path_of(name))
    }

    fn error_markup(&self, id: &str, name: &str) -> Markup {
        html! {
            @if let Some(messages) = self.errors_at(name) {
                p.field-error id={ (id) "-error" } {
                    @for message in messages { (message) " " }
                }
            }
        }
    }

    /// A labelled input. `kind` is the HTML input type.
    pub fn input(&self, label: &str, name: &str, kind: &str, required: bool) -> Markup {
        self.input_with(label, name, kind, required, self.value(name), "")
    }

    pub fn input_with(
        &self,
        label: &str,
        name: &str,
        kind: &str,
        required: bool,
        value: &str,
        hint: &str,
    ) -> Markup {
        let id = id_of(path_of(name));
        let invalid = self.errors_at(name).is_some();
        html! {
            div.field.invalid[invalid] {
                label for=(id) { (label) @if required { span.req aria-hidden="true" { " *" } } }
                @if !hint.is_empty() { small.hint id={ (id) "-hint" } { (hint) } }
                input id=(id) name=(name) type=(kind) value=(value) required[required]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| format!("{id}-error"))];
                (self.error_markup(&id, name))
            }
        }
    }

    pub fn textarea(&self, label: &str, name: &str, required: bool) -> Markup {
        let id = id_of(path_of(name));
        let invalid = self.errors_at(name).is_some();
        html! {
            div.field.invalid[invalid] {
                label for=(id) { (label) @if required { span.req aria-hidden="true" { " *" } } }
                textarea id=(id) name=(name) rows="3" required[required]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| format!("{id}-error"))] { (self.value(name)) }
                (self.error_markup(&id, name))
            }
        }
    }

    /// A choice from `options` (value, label), the posted one selected.
    pub fn select(&self, label: &str, name: &str, options: &[(String, String)]) -> Markup {
        let id = id_of(path_of(name));
        let current = self.value(name);
        let invalid = self.errors_at(name).is_some();
        html! {
            div.field.invalid[invalid] {
                label for=(id) { (label) }
                select id=(id) name=(name)
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| format!("{id}-error"))] {
                    @for (value, text) in options {
                        option value=(value) selected[value == current] { (text) }
                    }
                }
                (self.error_markup(&id, name))
            }
        }
    }

    /// A checkbox that posts `false` when unticked, so the body always has it.
    pub fn checkbox(&self, label: &str, name: &str) -> Markup {
        let id = id_of(path_of(name));
        let checked = self.data.has(path_of(name), "true");
        let invalid = self.errors_at(name).is_some();
        html! {
            div.field.check.invalid[invalid] {
                input type="hidden" name=(name) value="false";
                input id=(id) type="checkbox" name=(name) value="true" checked[checked]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| format!("{id}-error"))];
                label for=(id) { (label) }
                (self.error_markup(&id, name))
            }
        }
    }

    /// Errors the form cannot place next to a field, listed at its top.
    pub fn summary(&self, placed: &[&str]) -> Markup {
        let unplaced: Vec<&String> = self
            .errors
            .iter()
            .filter(|(path, _)| !placed.iter().any(|p| path.starts_with(p)))
            .flat_map(|(_, messages)| messages)
            .collect();
        let placed_any = self
            .errors
            .keys()
            .any(|path| placed.iter().any(|p| path.starts_with(p)));
        html! {
            @if !self.errors.is_empty() {
                div.notice.error role="alert" {
                    @if placed_any { p { "Данные не сохранены: исправьте отмеченные поля." } }
                    @for message in unplaced { p { (message) } }
                }
            }
        }
    }
}

pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// A form that picks the record a page shows (the event of a report, the
/// warehouse of a stock page); the choice goes back as `?{name}=id`.
pub fn chooser(
    action: &str,
    label: &str,
    name: &str,
    options: &[(i64, &str)],
    chosen: Option<i64>,
) -> Markup {
    let id = format!("f-{name}");
    html! {
        form.card.filters method="get" action=(action) {
            div.field {
                label for=(id) { (label) }
                select id=(id) name=(name) {
                    @for (value, title) in options {
                        option value=(value) selected[Some(*value) == chosen] { (title) }
                    }
                }
            }
            button.secondary type="submit" { "Показать" }
        }
    }
}

/// A one-button form that posts to `action`.
pub fn action_button(action: &str, csrf: &str, label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf_field(csrf))
            button type="submit" { (label) }
        }
    }
}
