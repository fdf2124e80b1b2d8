//! The API's routes as one table that both serves them and lists them, so
//! that the OpenAPI document, the `Allow` header of a 405 and the tests read
//! what the router really holds, not a copy kept by hand.

use actix_web::http::Method;
use actix_web::{web, FromRequest, Handler, Responder, Route};

/// The routes of one path, method by method.
#[derive(Default)]
pub struct Methods(Vec<(Method, Route)>);

impl Methods {
    fn on(mut self, method: Method, route: Route) -> Self {
        self.0.push((method, route));
        self
    }

    pub fn get<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::GET, web::get().to(handler))
    }

    pub fn post<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::POST, web::post().to(handler))
    }

    pub fn put<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::PUT, web::put().to(handler))
    }

    pub fn patch<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::PATCH, web::patch().to(handler))
    }

    pub fn delete<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::DELETE, web::delete().to(handler))
    }
}

/// Paths in the order they are matched. Each path is one `resource`, so a
/// known path with the wrong method answers 405 rather than 404.
#[derive(Default)]
pub struct RouteTable(Vec<(&'static str, Methods)>);

impl RouteTable {
    pub fn at(mut self, path: &'static str, methods: impl FnOnce(Methods) -> Methods) -> Self {
        self.0.push((path, methods(Methods::default())));
        self
    }

    /// Every (method, path) served, methods in lower case as OpenAPI has them.
    pub fn served(&self) -> Vec<(String, &'static str)> {
        self.0
            .iter()
            .flat_map(|(path, methods)| {
                methods
                    .0
                    .iter()
                    .map(move |(method, _)| (method.as_str().to_ascii_lowercase(), *path))
            })
            .collect()
    }

    /// Each path with the methods served there, as an `Allow` header value.
    pub fn allow_headers(&self) -> Vec<(&'static str, String)> {
        self.0
            .iter()
            .map(|(path, methods)| {
                let allow: Vec<&str> = methods.0.iter().map(|(m, _)| m.as_str()).collect();
                (*path, allow.join(", "))
            })
            .collect()
    }

    pub fn register(self, cfg: &mut web::ServiceConfig) {
        for (path, methods) in self.0 {
            let resource = methods
                .0
                .into_iter()
                .fold(web::resource(path), |resource, (_, route)| {
                    resource.route(route)
                });
            cfg.service(resource);
        }
    }
}
