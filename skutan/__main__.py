from skutan.cli import main

main()
