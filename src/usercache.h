/*
 * usercache.h - uid -> user name, cached.
 *
 * getpwuid_r may go through NSS (LDAP, sssd) and be slow, so names are
 * looked up once per uid and kept; entries unused for `max_age` refreshes
 * are dropped so the cache follows renamed or deleted users.  Unknown uids
 * get their number as the name.  Used by the worker thread only.
 */
#ifndef SIA_USERCACHE_H
#define SIA_USERCACHE_H

#include <stdint.h>

struct usercache;

struct usercache *usercache_new(void);
void usercache_free(struct usercache *uc);
/* Returns a name valid until the next usercache_sweep(). */
const char *usercache_name(struct usercache *uc, uint32_t uid);
/* Ends one refresh: forgets entries not used in the last few. */
void usercache_sweep(struct usercache *uc);

#endif
