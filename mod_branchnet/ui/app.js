/* The network page (/branchnet/): the network with its branches, the
 * branch menu's views (invite, employees, structure), join codes, the
 * audit log and accepting an invitation. It talks only to the JSON API
 * and puts every value from it into the page as text. */
(function () {
    'use strict';

    var API = '/branchnet/api';
    var view = document.getElementById('view');
    var me = null;

    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (name) {
            if (name === 'on') {
                Object.keys(attrs.on).forEach(function (type) {
                    node.addEventListener(type, attrs.on[type]);
                });
            }
            else {
                node.setAttribute(name, attrs[name]);
            }
        });
        [].concat(children === undefined ? [] : children).forEach(
            function (child) {
                node.appendChild(typeof child === 'string' ||
                                 typeof child === 'number'
                                 ? document.createTextNode(String(child))
                                 : child);
            });
        return node;
    }

    function call(method, path, body) {
        var init = {method: method, credentials: 'same-origin',
                    headers: {'Accept': 'application/json'}};
        if (method !== 'GET') {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body || {});
        }
        return fetch(API + path, init).then(function (res) {
            if (res.status === 204) {
                return {};
            }
            return res.json().catch(function () {
                return {error: {code: 'http_' + res.status,
                                message: res.statusText}};
            }).then(function (data) {
                if (!res.ok) {
                    var err = new Error(data.error ? data.error.message
                                                   : res.statusText);
                    err.code = data.error && data.error.code;
                    err.status = res.status;
                    throw err;
                }
                return data;
            });
        });
    }

    /* The clipboard API needs a secure context; elsewhere, the older
     * way through a selected text field. */
    function copy(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        var field = el('textarea', {'readonly': ''});
        field.value = text;
        document.body.appendChild(field);
        field.select();
        var done = document.execCommand('copy');
        field.remove();
        return done ? Promise.resolve() : Promise.reject(new Error(text));
    }

    function show(nodes, title) {
        view.textContent = '';
        if (title) {
            view.appendChild(el('h1', {}, title));
        }
        [].concat(nodes).forEach(function (n) { view.appendChild(n); });
        view.focus();
    }

    function status(text) {
        return el('p', {'class': 'status', 'role': 'status'}, text || '');
    }

    function fail(box) {
        return function (err) { box.textContent = err.message; };
    }

    function stateText(a) {
        var text = a.status;
        if (a.days_left) {
            text += ', ' + a.days_left + ' days left';
        }
        if (a.status === 'suspended') {
            text += ' (' + (a.reason || 'plan') + ')';
        }
        return text;
    }

    /* The branch menu of account A: Copy address, Invite employees,
     * Employees, Structure and, for branches, Disconnect. */
    function branchMenu(a, canDisconnect, note) {
        var base = '#/accounts/' + a.id + '/';
        var menu = el('div', {'class': 'menu', 'role': 'group',
                              'aria-label': 'Branch menu of ' + a.name});
        menu.appendChild(el('button', {'type': 'button', on: {
            click: function () {
                copy(a.address).then(function () {
                    note.textContent = 'Address of "' + a.name + '" copied.';
                }, function () { note.textContent = a.address; });
            }}}, 'Copy address'));
        menu.appendChild(el('a', {'href': base + 'invite'},
                            'Invite employees'));
        menu.appendChild(el('a', {'href': base + 'employees'}, 'Employees'));
        menu.appendChild(el('a', {'href': base + 'structure'}, 'Structure'));
        if (canDisconnect) {
            menu.appendChild(el('button', {'type': 'button',
                                           'class': 'danger', on: {
                click: function () {
                    if (window.confirm('Disconnect "' + a.name +
                                       '" from the network? Its people and '
                                       + 'data stay.')) {
                        call('DELETE', '/network/branches/' + a.id)
                            .then(route, fail(note));
                    }
                }}}, 'Disconnect'));
        }
        return menu;
    }

    function accountRow(a, canDisconnect, note) {
        return el('tr', {}, [
            el('td', {}, [el('strong', {}, a.name),
                          el('br'), el('small', {}, a.host)]),
            el('td', {}, a.plan),
            el('td', {}, stateText(a)),
            el('td', {}, String(a.employees)),
            el('td', {}, branchMenu(a, canDisconnect, note))
        ]);
    }

    function form(fields, label, submit) {
        var f = el('form', {'class': 'inline'});
        fields.forEach(function (field) { f.appendChild(field); });
        f.appendChild(el('button', {'type': 'submit'}, label));
        f.addEventListener('submit', function (event) {
            event.preventDefault();
            submit(f);
        });
        return f;
    }

    function input(name, label, attrs) {
        var i = el('input', Object.assign({'name': name}, attrs || {}));
        return el('label', {}, [label + ' ', i]);
    }

    function planSelect() {
        var s = el('select', {'name': 'plan'});
        ['free', 'basic', 'standard', 'professional', 'enterprise']
            .forEach(function (p) { s.appendChild(el('option', {}, p)); });
        return el('label', {}, ['Plan ', s]);
    }

    function auditLog(start) {
        var box = el('section', {'aria-label': 'Audit log'},
                     el('h2', {}, 'Audit log'));
        var note = status();
        box.appendChild(note);
        call('GET', '/audit?limit=20&start=' + start).then(function (page) {
            var list = el('ol', {'class': 'audit'});
            page.items.forEach(function (e) {
                list.appendChild(el('li', {}, e.at + ' ' + e.actor + ' ' +
                                    e.action + ' ' +
                                    JSON.stringify(e.details)));
            });
            box.appendChild(list);
            if (start > 0) {
                box.appendChild(el('button', {'type': 'button', on: {
                    click: function () {
                        box.replaceWith(auditLog(Math.max(0, start - 20)));
                    }}}, 'Newer'));
            }
            if (page.next !== null) {
                box.appendChild(el('button', {'type': 'button', on: {
                    click: function () {
                        box.replaceWith(auditLog(page.next));
                    }}}, 'Older'));
            }
        }, fail(note));
        return box;
    }

    function networkView(net) {
        var note = status();
        var table = el('table', {}, el('tr', {}, ['Account', 'Plan',
            'Status', 'Employees', 'Branch menu'].map(function (h) {
                return el('th', {'scope': 'col'}, h);
            })));
        var isMainAdmin = me.memberships.some(function (m) {
            return m.account_id === net.main.id && m.role === 'admin';
        });
        var codeBox = status();

        table.appendChild(accountRow(net.main, false, note));
        net.branches.items.forEach(function (b) {
            table.appendChild(accountRow(b, isMainAdmin, note));
        });
        var parts = [
            el('p', {}, 'Network ' + net.id + ' is ' + net.status +
               '; main account ' + net.main.name + '.'),
            note, el('div', {'class': 'scroll'}, table)
        ];
        if (net.branches.total > net.branches.items.length) {
            parts.push(el('p', {}, 'Showing ' + net.branches.items.length +
                          ' of ' + net.branches.total + ' branches.'));
        }
        if (isMainAdmin) {
            parts.push(el('h2', {}, 'Connect an existing account'));
            parts.push(form([input('host', 'Host', {'required': ''})],
                'Connect', function (f) {
                    call('POST', '/network/branches',
                         {host: f.elements.host.value})
                        .then(route, fail(note));
                }));
            parts.push(el('h2', {}, 'Create an account and connect it'));
            parts.push(form([input('name', 'Name', {'required': ''}),
                             input('host', 'Host', {'required': ''}),
                             planSelect()], 'Create', function (f) {
                call('POST', '/network/branches/new', {
                    name: f.elements.name.value,
                    host: f.elements.host.value,
                    plan: f.elements.plan.value
                }).then(route, fail(note));
            }));
            parts.push(el('h2', {}, 'Join codes'));
            parts.push(el('button', {'type': 'button', on: {
                click: function () {
                    call('POST', '/network/join-codes').then(function (j) {
                        codeBox.textContent = 'Join code (shown once): ' +
                            j.code + ', valid until ' + j.expires_at;
                    }, fail(codeBox));
                }}}, 'Issue a join code'));
            parts.push(codeBox);
        }
        parts.push(auditLog(0));
        show(parts, 'Branch network');
    }

    function standaloneView(err) {
        var note = status(err.message);
        var parts = [note];
        if (err.status === 404) {
            parts.push(el('h2', {}, 'Join a network'));
            parts.push(form([input('code', 'Join code', {'required': ''})],
                'Join', function (f) {
                    call('POST', '/network/join', {code: f.elements.code.value})
                        .then(route, fail(note));
                }));
        }
        show(parts, 'Branch network');
    }

    function employeesView(id, query, start) {
        var note = status();
        var search = input('q', 'Search', {'type': 'search'});
        var list = el('table', {});
        search.querySelector('input').value = query;
        var parts = [
            form([search], 'Search', function (f) {
                employeesView(id, f.elements.q.value, 0);
            }), note, el('div', {'class': 'scroll'}, list)
        ];
        show(parts, 'Employees');
        call('GET', '/accounts/' + id + '/employees?limit=50&start=' + start +
             '&q=' + encodeURIComponent(query)).then(function (page) {
            page.items.forEach(function (e) {
                var role = el('select', {'aria-label': 'Role of ' +
                                         e.display_name});
                ['employee', 'admin'].forEach(function (r) {
                    var o = el('option', {}, r);
                    o.selected = r === e.role;
                    role.appendChild(o);
                });
                role.addEventListener('change', function () {
                    call('PATCH', '/accounts/' + id + '/employees/' +
                         e.user_id, {role: role.value}).then(function () {
                        note.textContent = e.display_name + ' is now ' +
                                           role.value + '.';
                    }, fail(note));
                });
                list.appendChild(el('tr', {}, [
                    el('td', {}, [e.display_name || e.login, el('br'),
                                  el('small', {}, e.login + ' ' +
                                     (e.email || ''))]),
                    el('td', {}, e.department ? e.department.name : ''),
                    el('td', {}, e.status),
                    el('td', {}, role),
                    el('td', {}, el('button', {'type': 'button', on: {
                        click: function () {
                            if (window.confirm('Remove ' + e.display_name +
                                               '?')) {
                                call('DELETE', '/accounts/' + id +
                                     '/employees/' + e.user_id)
                                    .then(function () {
                                        employeesView(id, query, start);
                                    }, fail(note));
                            }
                        }}}, 'Remove'))
                ]));
            });
            note.textContent = page.total + ' people';
            if (page.next !== null) {
                view.appendChild(el('button', {'type': 'button', on: {
                    click: function () {
                        employeesView(id, query, page.next);
                    }}}, 'Next page'));
            }
        }, fail(note));
    }

    function treeNode(d) {
        var item = el('li', {}, [
            el('span', {'class': 'dep'}, d.name),
            el('small', {}, (d.head ? ' head: ' + d.head.display_name : '') +
               ' (' + d.employees + ' employees)')
        ]);
        if (d.children.length) {
            item.appendChild(el('ul', {}, d.children.map(treeNode)));
        }
        return item;
    }

    function structureView(id) {
        var note = status();
        show([note], 'Structure');
        call('GET', '/accounts/' + id + '/structure').then(function (s) {
            view.appendChild(el('ul', {'class': 'tree'},
                                s.departments.map(treeNode)));
        }, fail(note));
    }

    function flatten(deps, out, depth) {
        deps.forEach(function (d) {
            out.push({id: d.id, name: new Array(depth + 1).join('\u2014 ') +
                      d.name});
            flatten(d.children, out, depth + 1);
        });
        return out;
    }

    function inviteView(id) {
        var note = status();
        var links = el('ul', {'class': 'links'});
        var dept = el('select', {'name': 'department_id'},
                      el('option', {'value': ''}, 'none'));
        var role = el('select', {'name': 'role'},
                      [el('option', {}, 'employee'),
                       el('option', {}, 'admin')]);
        var emails = el('textarea', {'name': 'emails', 'rows': '4',
                                     'required': ''});
        show([form([el('label', {}, ['Emails, one a line ', emails]),
                    el('label', {}, ['Role ', role]),
                    el('label', {}, ['Department ', dept])],
                   'Invite', function (f) {
            call('POST', '/accounts/' + id + '/invitations', {
                emails: f.elements.emails.value.split(/[\s,;]+/)
                    .filter(Boolean),
                role: f.elements.role.value,
                department_id: f.elements.department_id.value
                    ? Number(f.elements.department_id.value) : null
            }).then(function (res) {
                note.textContent = 'Invitation links, shown once:';
                res.items.forEach(function (item) {
                    links.appendChild(el('li', {}, item.token
                        ? [item.email + ': ', el('code', {},
                            location.origin + '/branchnet/#/accept/' +
                            item.token)]
                        : item.email + ': ' + item.error.message));
                });
            }, fail(note));
        }), note, links], 'Invite employees');
        call('GET', '/accounts/' + id + '/structure').then(function (s) {
            flatten(s.departments, [], 0).forEach(function (d) {
                dept.appendChild(el('option', {'value': String(d.id)},
                                    d.name));
            });
        }, function () {});
    }

    function acceptView(token) {
        var note = status();
        show([el('button', {'type': 'button', on: {
            click: function () {
                call('POST', '/invitations/accept', {token: token})
                    .then(function (m) {
                        note.textContent = 'You are now a member (' +
                                           m.role + ').';
                    }, fail(note));
            }}}, 'Accept the invitation'), note], 'Invitation');
    }

    function route() {
        var hash = location.hash.replace(/^#\/?/, '').split('/');
        return call('GET', '/me').then(function (data) {
            me = data;
            document.getElementById('who').textContent = me.user.login;
            if (hash[0] === 'accounts' && /^\d+$/.test(hash[1])) {
                var id = Number(hash[1]);
                if (hash[2] === 'employees') {
                    return employeesView(id, '', 0);
                }
                if (hash[2] === 'structure') {
                    return structureView(id);
                }
                if (hash[2] === 'invite') {
                    return inviteView(id);
                }
            }
            if (hash[0] === 'accept' && hash[1]) {
                return acceptView(hash[1]);
            }
            return call('GET', '/network').then(networkView, standaloneView);
        }).catch(function (err) {
            show([status(err.message)], 'Branch network');
        });
    }

    window.addEventListener('hashchange', route);
    route();
}());
