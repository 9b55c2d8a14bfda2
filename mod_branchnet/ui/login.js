/* The sign-in page. httpd shows it in place of the page that asked for a
 * sign-in (ErrorDocument 401), so the address bar still holds that page:
 * come back to it. */
(function () {
    'use strict';

    var form = document.querySelector('form');
    var message = document.getElementById('message');
    var back = location.pathname === '/branchnet/login' ? '/' : location.href;

    form.elements.httpd_location.value = back;
    if (location.search.indexOf('failed') >= 0) {
        message.textContent = 'Wrong login or password.';
    }
    else if (location.search.indexOf('signed-out') >= 0) {
        message.textContent = 'You are signed out.';
    }
}());
