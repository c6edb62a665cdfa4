//! `cargo run -p blog-service -- [DATABASE_URL] [ADDR]`: serves the blog API (defaults:
//! `sqlite://blog.db`, `127.0.0.1:3000`), migrating the database first.

use generated_example::ent::AsyncClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "sqlite://blog.db".to_owned());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let client = AsyncClient::open(&url).await?;
    client.schema().create(|_| {}).await?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!(
        "blog-service: listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, blog_service::app(client)).await?;
    Ok(())
}
