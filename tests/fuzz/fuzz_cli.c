/* fuzz_cli.c -- libFuzzer harness for the command line: the input is an
 * argument vector, its arguments separated by NUL bytes (the first is the
 * command: extract, build, report, render, lexicon...), run in-process
 * through dg_cli_main.
 *
 * Sandbox: the harness works in a private directory (under $DG_FUZZ_TMP or
 * /dev/shm) that it enters once; before every run the directory is
 * emptied and refilled with the same small inputs (a.txt, docs.jsonl,
 * lex.jsonl, g.json, dir/b.txt), so that runs do not depend on each other.
 * An argument that could name a path outside it (absolute, or holding
 * "..") has its '/' and ".." replaced by '_', so outputs land in the
 * directory and nothing else is read or written. Standard input is
 * /dev/null (a run never blocks on it); standard output and error go to
 * /dev/null during the run (sanitizer reports still go to the real
 * standard error). scripts/fuzz passes the corpus and -artifact_prefix as
 * absolute paths because of the chdir. */
#include "fuzz_common.h"

#include "cli/cli.h"
#include "diplograph.h"

#include <sanitizer/common_interface_defs.h>

#define MAX_ARGS 64

static int devnull = -1, saved_out, saved_err;
static char sandbox[128];

static const char text_a[] =
    "Armenia condemned Azerbaijan's shelling of the border villages. France "
    "and Germany agreed to send observers. Pashinyan met Aliyev in Brussels; "
    "Russia criticized the European Union.";
static const char text_b[] =
    "Turkey and Greece agreed to resume talks. Iran accused Israel of the "
    "attack.";
static const char docs[] =
    "{\"id\": \"1\", \"text\": \"Georgia welcomed the EU's decision.\", "
    "\"date\": \"2023-12-15\"}\n"
    "{\"id\": 2, \"text\": \"China warned Taiwan.\"}\n"
    "not json\n";
static const char lexicon[] =
    "{\"actor\": \"XXA\", \"type\": \"state\", \"name\": \"Atlantis\", "
    "\"aliases\": [\"Atlantis\"], \"demonyms\": [\"Atlantean\"], "
    "\"capitals\": [\"Poseidonia\"]}\n"
    "{\"leader\": \"Ada Queen\", \"actor\": \"XXA\", \"role\": \"queen\", "
    "\"from\": \"2001-01-01\", \"to\": \"\", \"aliases\": [\"Queen\"]}\n"
    "{\"cue\": \"snub\", \"pos\": \"verb\", \"class\": \"REJECT\", "
    "\"weight\": -3, \"forms\": [\"snubs\", \"snubbed\", \"snubbing\"]}\n";
static char *graph_json; /* g.json, written once by a build at start */
static size_t graph_len;

static void reset_sandbox(void)
{
    /* empty the directory (whatever the last run wrote; again until
     * nothing is left, as removing while reading may skip entries), then
     * refill it */
    for (int any = 1, pass = 0; any && pass < 10; pass++) {
        any = 0;
        DIR *d = opendir(".");
        if (!d)
            abort();
        struct dirent *de;
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                fuzz_rm_tree_at(dirfd(d), de->d_name);
                any = 1;
            }
        closedir(d);
    }
    fuzz_write("a.txt", text_a, sizeof text_a - 1);
    fuzz_write("docs.jsonl", docs, sizeof docs - 1);
    fuzz_write("lex.jsonl", lexicon, sizeof lexicon - 1);
    if (mkdir("dir", 0700) != 0)
        abort();
    fuzz_write("dir/b.txt", text_b, sizeof text_b - 1);
    if (graph_json)
        fuzz_write("g.json", graph_json, graph_len);
}

static int run(int argc, char **argv)
{
    fflush(stdout);
    fflush(stderr);
    dup2(devnull, 1);
    dup2(devnull, 2);
    int rc = dg_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    clearerr(stdout);
    clearerr(stderr);
    clearerr(stdin);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(sandbox, sizeof sandbox, "%s", fuzz_scratch());
    if (chdir(sandbox) != 0)
        abort();
    devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    saved_out = dup(1);
    saved_err = dup(2);
    if (devnull < 0 || saved_out < 0 || saved_err < 0)
        abort();
    if (dup2(devnull, 0) < 0)
        abort();
    /* sanitizer reports go to the real standard error even while fd 2 is
     * /dev/null */
    __sanitizer_set_report_fd((void *)(intptr_t)saved_err);
    /* g.json: a saved graph from the two texts */
    reset_sandbox();
    char *args[] = {"diplograph", "build",  "a.txt", "dir",
                    "-o",         "g.json", NULL};
    if (run(6, args) != 0)
        abort();
    FILE *f = fopen("g.json", "rb");
    if (!f)
        abort();
    static char buf[1 << 20];
    graph_len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    graph_json = buf;
    return 0;
}

/* Could this argument reach outside the sandbox as a path? Then make it a
 * plain name inside. */
static void confine(char *a)
{
    if (a[0] != '/' && !strstr(a, ".."))
        return;
    for (char *p = a; *p; p++)
        if (*p == '/')
            *p = '_';
    for (char *p = strstr(a, ".."); p; p = strstr(p, ".."))
        p[0] = p[1] = '_';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "diplograph";
    for (char *p = copy; p <= copy + size && argc <= MAX_ARGS;) {
        confine(p);
        argv[argc++] = p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;
    reset_sandbox();
    run(argc, argv);
    free(copy);
    return 0;
}
