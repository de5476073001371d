/* cli.h -- the command-line tool as a function (cli.c), for main.c, the
 * tests and the argument-vector fuzzer. */
#ifndef DG_CLI_H
#define DG_CLI_H

/* Runs `diplograph argv[1] ...` and returns the exit code (see --help).
 * Never calls exit(); state is reset on each call. Like the executable,
 * it ends the process by SIGPIPE (temporary files removed) when it
 * writes to a pipe whose reader has gone; its signal handlers are in
 * place only while it runs. */
int dg_cli_main(int argc, char **argv);
/* heap.c: huge pages for the heap while the lexicon is built (begin 1),
 * glibc's defaults again afterwards (begin 0). */
void dg_cli_heap_lexicon(int begin);

#endif
