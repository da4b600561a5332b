import SDFKitCLI

CommandLineEntry.main()
