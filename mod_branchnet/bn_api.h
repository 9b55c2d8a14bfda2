/* The JSON API: routing of the branchnet-api handler and its calls. */
#ifndef BN_API_H
#define BN_API_H

#include "httpd.h"

int bn_api_handler(request_rec *r);

#endif
