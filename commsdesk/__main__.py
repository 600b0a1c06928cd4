from commsdesk.cli import main

main()
