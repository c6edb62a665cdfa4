fn main() {
    std::process::exit(entgen::cli::main())
}
