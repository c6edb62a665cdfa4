//! The service on a loopback port, driven over HTTP/1.1, on SQLite and PostgreSQL.

use std::net::SocketAddr;

use entgen_runtime::testing::TestDb;
use generated_example::ent::AsyncClient;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request on a fresh connection: the status and the JSON body.
async fn request(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let (_, json) = answer.split_once("\r\n\r\n").unwrap();
    let json = if json.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
    };
    (status, json)
}

fn drive(db: &TestDb) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = AsyncClient::open(db.url()).await.unwrap();
        client.schema().create(|_| {}).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, blog_service::app(client))
                .await
                .unwrap();
        });

        let ada = r#"{"name":"Ada","email":"ada@example.com","password":"password1"}"#;
        let (status, user) = request(addr, "POST", "/users", Some(ada)).await;
        assert_eq!(status, 201, "{user}");
        assert_eq!(user["name"], "Ada");
        let id = user["id"].as_i64().unwrap();
        // The same email again: the unique constraint, as 409.
        let (status, err) = request(addr, "POST", "/users", Some(ada)).await;
        assert_eq!(status, 409, "{err}");
        // A password under the schema's minimum length: 400.
        let short = r#"{"name":"Bob","email":"bob@example.com","password":"x"}"#;
        let (status, _) = request(addr, "POST", "/users", Some(short)).await;
        assert_eq!(status, 400);

        let post = r#"{"title":"Hello World","body":"first"}"#;
        let path = format!("/users/{id}/posts");
        let (status, created) = request(addr, "POST", &path, Some(post)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["slug"], "hello-world");

        let (status, got) = request(addr, "GET", &format!("/users/{id}"), None).await;
        assert_eq!(status, 200);
        assert_eq!(got["posts"][0]["title"], "Hello World");
        let (status, list) = request(addr, "GET", "/users", None).await;
        assert_eq!((status, list.as_array().unwrap().len()), (200, 1));
        let (status, _) = request(addr, "GET", "/users/999999", None).await;
        assert_eq!(status, 404);
        let (status, _) = request(addr, "POST", "/users/999999/posts", Some(post)).await;
        assert_eq!(status, 404);
        server.abort();
    });
}

#[test]
fn serves_the_blog_api_on_sqlite() {
    drive(&TestDb::sqlite_file());
}

#[test]
fn serves_the_blog_api_on_postgres() {
    drive(&TestDb::postgres());
}
