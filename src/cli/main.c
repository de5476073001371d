/* main.c -- the diplograph executable: the command-line tool in cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    return dg_cli_main(argc, argv);
}
