//! The frame every page shares: document head, the header with the role's
//! menu and the sign-out button, and the main region.

use maud::{html, Markup, DOCTYPE};

use super::session::CSRF_FIELD;
use crate::auth::Principal;
use crate::domain::role::Role;

/// Both assets are compiled into the binary and served by `relief` itself.
pub const STYLESHEET: &str = include_str!("assets/app.css");
pub const SCRIPT: &str = include_str!("assets/app.js");
pub const FAVICON: &str = include_str!("assets/favicon.svg");

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " — Помощь пострадавшим" }
            link rel="icon" href="/favicon.ico" type="image/svg+xml";
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
        }
    }
}

fn menu(role: Role) -> Vec<(&'static str, &'static str)> {
    match role {
        Role::Resident => vec![
            ("/applications", "Мои заявления"),
            ("/applications/new", "Подать заявление"),
        ],
        Role::Officer => vec![
            ("/today", "Сегодня"),
            ("/applications", "Заявления"),
            ("/applications/new", "Зарегистрировать заявление"),
            ("/decisions/bulk", "Массовое решение"),
            ("/lists", "Списки выдачи"),
            ("/report", "Отчёт"),
        ],
        Role::Warehouse => vec![("/lists", "Списки выдачи"), ("/stock", "Склад")],
        Role::Admin => vec![
            ("/today", "Сегодня"),
            ("/applications", "Заявления"),
            ("/lists", "Списки выдачи"),
            ("/stock", "Склады"),
            ("/report", "Отчёт"),
            ("/admin/events", "События"),
            ("/admin/items", "Номенклатура и склады"),
            ("/admin/users", "Пользователи"),
        ],
    }
}

/// Where a user lands after signing in: the first entry of their menu.
pub fn home(role: Role) -> &'static str {
    menu(role).first().map_or("/", |(href, _)| href)
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Resident => "Заявитель",
        Role::Officer => "Специалист соцзащиты",
        Role::Warehouse => "Сотрудник склада",
        Role::Admin => "Администратор",
    }
}

/// A page for a signed-in user.
pub fn page(title: &str, user: &Principal, csrf: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ru" {
            (head(title))
            body {
                a.skip href="#main" { "Перейти к содержанию" }
                header.top {
                    a.brand href="/" { "Помощь пострадавшим от паводка" }
                    nav aria-label="Основное меню" {
                        ul {
                            @for (href, label) in menu(user.role) {
                                li { a href=(href) { (label) } }
                            }
                        }
                    }
                    div.who {
                        span { (user.full_name) " · " (role_name(user.role)) }
                        form method="post" action="/logout" {
                            input type="hidden" name=(CSRF_FIELD) value=(csrf);
                            button.link type="submit" { "Выйти" }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    }
}

/// A page without the menu: sign-in, registration, errors.
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ru" {
            (head(title))
            body {
                header.top {
                    a.brand href="/" { "Помощь пострадавшим от паводка" }
                }
                main #main { (body) }
            }
        }
    }
}

/// A status shown as words as well as colour: the badge's text says it.
pub fn badge(kind: &str, text: &str) -> Markup {
    html! { span class={ "badge " (kind) } { (text) } }
}

/// A line telling the user what just happened, after a redirect.
pub fn flash(message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            p.notice.ok role="status" { (message) }
        }
    }
}
