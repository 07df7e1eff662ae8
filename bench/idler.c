/*
 * idler.c - an idle process for bench/bench.sh: sleeps until killed,
 * whatever its name and arguments (the bench starts it through symlinks
 * named like real daemons, with realistic command lines).
 */
#include <unistd.h>

int main(void)
{
    for (;;)
        pause();
}
