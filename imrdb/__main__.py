from imrdb.cli import main

main()
