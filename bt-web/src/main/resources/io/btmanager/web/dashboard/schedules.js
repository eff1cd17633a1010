// "Schedules": entries that start a task every N seconds or on a cron expression.

import {api} from './api.js';
import {h, replace, uid} from './dom.js';
import {dateTime, prettyJson, relative} from './format.js';
import {schemaForm} from './schemaform.js';

export function render(main, ctx) {
  const list = h('div', {class: 'table-wrap'});
  const formBox = h('div');
  replace(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Schedules')),
    list,
    h('h2', {}, 'New schedule'),
    formBox);

  async function load() {
    try {
      const page = await api.schedules();
      draw(page.items ?? page);
    } catch (e) {
      ctx.toast(`Could not load schedules: ${e.message}`, 'error');
    }
  }

  function describe(s) {
    const schedule = s.schedule ?? {};
    if (schedule.everySeconds) return `every ${schedule.everySeconds} s`;
    if (schedule.cron) return `cron ${schedule.cron}${schedule.zone ? ` (${schedule.zone})` : ''}`;
    return prettyJson(schedule);
  }

  function draw(items) {
    if (!items.length) {
      replace(list, h('p', {class: 'card muted'}, 'No schedule yet.'));
      return;
    }
    replace(list, h('table', {class: 'plain', 'aria-label': 'Schedules'},
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'When', 'Next run', ''].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, items.map((s) => h('tr', {dataset: {id: s.id}},
        h('td', {class: 'name-cell', title: s.name}, s.name || s.type),
        h('td', {}, s.type),
        h('td', {}, describe(s)),
        h('td', {title: dateTime(s.nextFireAt)}, s.enabled === false ? 'paused' : relative(s.nextFireAt)),
        h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button small danger',
          'aria-label': `Delete schedule ${s.name || s.type}`, onclick: () => remove(s)}, 'Delete')))))));
  }

  async function remove(s) {
    try {
      await api.deleteSchedule(s.id);
      ctx.toast('Schedule deleted.');
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
    load();
  }

  function newForm() {
    const ids = {type: uid('s'), name: uid('s'), kind: uid('s'), every: uid('s'), cron: uid('s'), zone: uid('s')};
    const type = h('select', {id: ids.type, onchange: () => drawArgs()},
      ctx.types.map((t) => h('option', {value: t.name}, t.title || t.name)));
    const name = h('input', {id: ids.name, type: 'text', autocomplete: 'off'});
    const kind = h('select', {id: ids.kind, onchange: () => showKind()},
      h('option', {value: 'every'}, 'Every N seconds'), h('option', {value: 'cron'}, 'Cron expression'));
    const every = h('input', {id: ids.every, type: 'number', min: 1, step: 1, value: 60});
    const cron = h('input', {id: ids.cron, type: 'text', placeholder: '0 3 * * *', autocomplete: 'off'});
    const zone = h('input', {id: ids.zone, type: 'text', value: Intl.DateTimeFormat().resolvedOptions().timeZone});
    const everyRow = h('div', {class: 'field'}, h('label', {for: ids.every}, 'Seconds between runs'), every);
    const cronRow = h('div', {class: 'field', hidden: true},
      h('label', {for: ids.cron}, 'Cron'), cron, h('label', {for: ids.zone}, 'Time zone'), zone);
    const args = h('div');
    const status = h('div', {class: 'form-status', role: 'status', 'aria-live': 'polite'});
    let form;
    function drawArgs() {
      const t = ctx.types.find((x) => x.name === type.value);
      form = schemaForm(t?.argumentsSchema ?? {}, {});
      replace(args, form.element);
    }
    function showKind() {
      everyRow.hidden = kind.value !== 'every';
      cronRow.hidden = kind.value !== 'cron';
    }
    async function create() {
      const body = {type: type.value, name: name.value.trim() || undefined, arguments: form.value(),
        schedule: kind.value === 'every' ? {everySeconds: Number(every.value)}
          : {cron: cron.value.trim(), zone: zone.value.trim()}};
      try {
        await api.createSchedule(body);
        ctx.toast('Schedule created.');
        status.textContent = '';
        load();
      } catch (e) {
        status.textContent = e.message;
        status.dataset.kind = 'error';
        form.showErrors(e.fields ?? {});
      }
    }
    drawArgs();
    replace(formBox, h('form', {class: 'card', novalidate: true, onsubmit: (e) => { e.preventDefault(); create(); }},
      h('div', {class: 'grid-2'},
        h('div', {class: 'field'}, h('label', {for: ids.type}, 'Task type'), type),
        h('div', {class: 'field'}, h('label', {for: ids.name}, 'Name'), name),
        h('div', {class: 'field'}, h('label', {for: ids.kind}, 'Runs'), kind),
        h('div', {}, everyRow, cronRow)),
      h('fieldset', {}, h('legend', {}, 'Arguments'), args),
      status,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Create schedule'))));
  }

  load();
  if (ctx.types.length) newForm();
  return {refresh: load};
}
