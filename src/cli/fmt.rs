pub fn run(_a: Args, _p: &super::Printer) -> i32 { 0 }
#[derive(clap::Args)] pub struct Args {}
