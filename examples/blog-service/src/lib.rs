//! A small blog API over the async client generated from `schemas/blog`:
//!
//! - `POST /users` `{"name", "email", "password"}` → 201 and the user
//! - `GET /users` → every user, by name
//! - `GET /users/{id}` → the user with their posts (404 when there is none)
//! - `POST /users/{id}/posts` `{"title", "body"}` → 201 and the post
//!
//! Handlers hold a clone of the `AsyncClient` (shared pool and hooks) and await its futures:
//! no blocking work on the runtime's threads.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use generated_example::ent::{AsyncClient, Error, Post, User, user};
use serde::Deserialize;
use serde_json::{Value, json};

/// The service's routes over `client`.
pub fn app(client: AsyncClient) -> Router {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user))
        .route("/users/{id}/posts", post(create_post))
        .with_state(client)
}

/// A client error as an HTTP answer: 404 for a missing row, 400 for a refused value, 409 for
/// a constraint, 500 otherwise.
pub struct ApiError(Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            e if e.is_not_found() => StatusCode::NOT_FOUND,
            Error::Validation { .. } | Error::MissingField { .. } => StatusCode::BAD_REQUEST,
            Error::Constraint { .. } => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(json!({ "error": self.0.to_string() }))).into_response()
    }
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
    email: String,
    password: String,
}

#[derive(Deserialize)]
struct NewPost {
    title: String,
    body: String,
}

fn user_json(u: &User) -> Value {
    json!({ "id": u.id, "name": u.name, "email": u.email, "age": u.age })
}

fn post_json(p: &Post) -> Value {
    json!({ "id": p.id, "title": p.title, "body": p.body, "slug": p.slug })
}

async fn create_user(
    State(c): State<AsyncClient>,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let u = c
        .user()
        .create()
        .set_name(new.name)
        .set_email(new.email)
        .set_password(new.password)
        .save()
        .await?;
    Ok((StatusCode::CREATED, Json(user_json(&u))))
}

async fn list_users(State(c): State<AsyncClient>) -> Result<Json<Value>, ApiError> {
    let users = c.user().query().order(user::NAME.asc()).all().await?;
    Ok(Json(Value::Array(users.iter().map(user_json).collect())))
}

async fn get_user(
    State(c): State<AsyncClient>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let u = c
        .user()
        .query()
        .filter(user::ID.eq(id))
        .with_posts(|q| q)
        .only()
        .await?;
    let mut body = user_json(&u);
    body["posts"] = Value::Array(u.posts()?.iter().map(post_json).collect());
    Ok(Json(body))
}

async fn create_post(
    State(c): State<AsyncClient>,
    Path(id): Path<i64>,
    Json(new): Json<NewPost>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    // The author must exist: a 404 names the missing user rather than a foreign-key error.
    let author = c.user().get(id).await?;
    let slug: String = new
        .title
        .to_lowercase()
        .chars()
        .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
        .collect();
    let p = c
        .post()
        .create()
        .set_title(new.title)
        .set_body(new.body)
        .set_slug(slug)
        .set_author(&author)
        .save()
        .await?;
    Ok((StatusCode::CREATED, Json(post_json(&p))))
}
