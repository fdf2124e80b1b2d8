fn main() -> std::process::ExitCode {
    relief::cli::main()
}
