/*
 * main.c - sysinfo-agentx: everything is in the core library.
 */
#include "daemon.h"

int main(int argc, char **argv)
{
    return sia_main(argc, argv);
}
