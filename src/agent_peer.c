/*
 * agent_peer.c - see agent_peer.h.
 */
#include "agent_peer.h"

#include <sys/socket.h>

int32_t agent_peer_pid(netsnmp_agent_request_info *reqinfo)
{
    netsnmp_session *sess =
        reqinfo && reqinfo->asp ? reqinfo->asp->session : NULL;
    netsnmp_transport *t;
    struct ucred cred;
    socklen_t len = sizeof(cred);
    void *sp;

    if (sess == NULL || (sp = snmp_sess_pointer(sess)) == NULL)
        return 0;
    t = snmp_sess_transport(sp);
    if (t == NULL || t->sock < 0 ||
        getsockopt(t->sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
        return 0;
    return cred.pid > 0 ? (int32_t)cred.pid : 0;
}
