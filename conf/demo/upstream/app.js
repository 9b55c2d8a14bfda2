// The demo application's own script: the widget must live beside it.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('app-status').textContent =
        'The page\'s own script ran.';
});
