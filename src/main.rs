#[tokio::main]
async fn main() -> std::process::ExitCode {
    passerelle::cli::run().await
}
