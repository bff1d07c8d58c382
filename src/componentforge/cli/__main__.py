from componentforge.cli.app import main

main()
