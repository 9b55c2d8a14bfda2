/* The branch switcher widget. Added to every HTML page of a protected
 * application (conf/demo/account.conf does it with mod_substitute). It
 * lives in a shadow root with its own style sheet, defines no
 * global name and needs nothing the page's Content-Security-Policy does
 * not allow with 'self'. */
(function () {
    'use strict';

    var API = '/branchnet/api';
    var PAGE = '/branchnet/';

    if (document.querySelector('[data-branchnet-widget]')) {
        return;
    }

    function el(tag, attrs, text) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (name) {
            node.setAttribute(name, attrs[name]);
        });
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function call(method, path) {
        var init = {method: method, credentials: 'same-origin',
                    headers: {'Accept': 'application/json'}};
        if (method !== 'GET') {
            init.headers['Content-Type'] = 'application/json';
            init.body = '{}';
        }
        return fetch(API + path, init).then(function (res) {
            if (res.status === 204) {
                return {};
            }
            return res.json().then(function (body) {
                if (!res.ok) {
                    throw new Error(body && body.error
                                    ? body.error.message : res.statusText);
                }
                return body;
            });
        });
    }

    /* The clipboard API needs a secure context; elsewhere, the older
     * way through a selected text field. */
    function copy(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        var field = el('textarea', {'class': 'copy', 'readonly': ''});
        field.value = text;
        root.appendChild(field);
        field.select();
        var done = document.execCommand('copy');
        field.remove();
        return done ? Promise.resolve() : Promise.reject(new Error(text));
    }

    var host = el('div', {'data-branchnet-widget': ''});
    var root = host.attachShadow({mode: 'open'});
    var toggle = el('button', {'class': 'toggle', 'type': 'button',
                               'aria-expanded': 'false',
                               'aria-controls': 'bn-panel'}, 'Branches');
    var panel = el('div', {'class': 'panel', 'id': 'bn-panel',
                           'role': 'dialog', 'aria-label': 'Branches'});
    var list = el('ul', {'class': 'accounts'});
    var note = el('p', {'class': 'note', 'role': 'status'});

    panel.hidden = true;
    root.appendChild(el('link', {'rel': 'stylesheet',
                                 'href': '/branchnet/ui/widget.css'}));
    panel.appendChild(list);
    panel.appendChild(note);
    panel.appendChild(el('a', {'class': 'page', 'href': PAGE},
                         'Network page'));
    root.appendChild(toggle);
    root.appendChild(panel);

    function badge(account) {
        if (account.status === 'trial' || account.status === 'grace') {
            return account.status + ', ' + account.days_left + ' days left';
        }
        return account.is_main ? 'main account' : '';
    }

    function menuItem(menu, label, action) {
        var item = el('button', {'type': 'button', 'role': 'menuitem'},
                      label);
        item.addEventListener('click', action);
        menu.appendChild(item);
        return item;
    }

    function confirmDisconnect(account, row) {
        var box = el('div', {'class': 'confirm', 'role': 'alertdialog'});
        var yes = el('button', {'type': 'button', 'class': 'danger'},
                     'Disconnect');
        var no = el('button', {'type': 'button'}, 'Cancel');

        box.appendChild(el('p', {}, 'Disconnect "' + account.name +
                           '" from the network? Its people and data stay.'));
        box.appendChild(yes);
        box.appendChild(no);
        no.addEventListener('click', function () { box.remove(); });
        yes.addEventListener('click', function () {
            call('DELETE', '/network/branches/' + account.id)
                .then(function () {
                    note.textContent = '"' + account.name +
                                       '" is disconnected.';
                    load();
                })
                .catch(function (err) { note.textContent = err.message; });
        });
        row.appendChild(box);
        yes.focus();
    }

    function branchMenu(account, row, mainAdmin) {
        var menu = el('div', {'class': 'menu', 'role': 'menu'});
        var view = PAGE + '#/accounts/' + account.id + '/';

        menuItem(menu, 'Copy address', function () {
            copy(account.address).then(function () {
                note.textContent = 'Address of "' + account.name +
                                   '" copied.';
            }, function () {
                note.textContent = account.address;
            });
        });
        menuItem(menu, 'Invite employees', function () {
            location.href = view + 'invite';
        });
        menuItem(menu, 'Employees', function () {
            location.href = view + 'employees';
        });
        menuItem(menu, 'Structure', function () {
            location.href = view + 'structure';
        });
        if (mainAdmin && !account.is_main) {
            menuItem(menu, 'Disconnect', function () {
                menu.remove();
                confirmDisconnect(account, row);
            });
        }
        return menu;
    }

    function render(data) {
        list.textContent = '';
        data.accounts.forEach(function (account) {
            var row = el('li', {'class': account.current ? 'current' : ''});
            var go = el('a', {'href': account.address, 'class': 'go'});

            go.appendChild(el('span', {'class': 'name'}, account.name));
            go.appendChild(el('span', {'class': 'badge'}, badge(account)));
            if (account.current) {
                go.setAttribute('aria-current', 'page');
            }
            row.appendChild(go);
            if (account.can_manage) {
                var more = el('button', {'type': 'button', 'class': 'more',
                                         'aria-haspopup': 'menu',
                                         'aria-label': 'Branch menu of ' +
                                                       account.name}, '\u22ef');
                more.addEventListener('click', function () {
                    var open = row.querySelector('.menu');
                    if (open) {
                        open.remove();
                        return;
                    }
                    row.appendChild(branchMenu(account, row,
                                               data.main_admin));
                    row.querySelector('.menu button').focus();
                });
                row.appendChild(more);
            }
            list.appendChild(row);
        });
        var current = data.accounts.filter(function (a) {
            return a.current;
        })[0];
        toggle.textContent = current ? current.name : 'Branches';
    }

    function load() {
        return call('GET', '/switcher').then(render).catch(function (err) {
            note.textContent = err.message;
        });
    }

    toggle.addEventListener('click', function () {
        panel.hidden = !panel.hidden;
        toggle.setAttribute('aria-expanded', String(!panel.hidden));
    });
    root.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') {
            panel.hidden = true;
            toggle.setAttribute('aria-expanded', 'false');
            toggle.focus();
        }
    });

    document.body.appendChild(host);
    load();
}());
