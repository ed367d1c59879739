// registrar-web: the one script of the pages. Everything works without it;
// it only (1) lets files be dropped on the upload fields and (2) signs the
// application with the CryptoPro browser plug-in (window.cadesplugin, its
// documented asynchronous API) and posts the signature to the same
// verification endpoint as an uploaded .sig file.
(function () {
  'use strict';

  // 1. Drag and drop onto the file fields.
  Array.prototype.forEach.call(document.querySelectorAll('.drop'), function (zone) {
    var input = zone.querySelector('input[type=file]');
    if (!input) { return; }
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
      }
    });
  });

  // 2. Signing with the plug-in.
  var box = document.getElementById('plugin-sign');
  if (!box) { return; }
  var status = document.getElementById('plugin-status');
  var controls = document.getElementById('plugin-controls');
  var select = document.getElementById('plugin-cert');
  var button = document.getElementById('plugin-sign-button');
  var form = document.getElementById('plugin-form');
  var out = document.getElementById('signature_base64');
  var xml = box.getAttribute('data-xml'); // base64 of the exact bytes to sign
  var certs = [];

  function say(text) { status.textContent = text; }

  function failed(e) {
    var msg = (e && e.message) ? e.message : String(e);
    say('Подписать в браузере не удалось: ' + msg + '. Подпишите XML-файл вне ЛК (способ 2).');
    button.disabled = false;
  }

  var plugin = window.cadesplugin;
  if (!plugin) {
    say('КриптоПро ЭЦП Browser plug-in не найден: установите его и обновите страницу или воспользуйтесь способом 2.');
    return;
  }

  async function openStore() {
    var store = await plugin.CreateObjectAsync('CAdESCOM.Store');
    await store.Open(plugin.CAPICOM_CURRENT_USER_STORE, plugin.CAPICOM_MY_STORE, plugin.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED);
    return store;
  }

  async function list() {
    var store = await openStore();
    try {
      var all = await store.Certificates;
      var n = await all.Count;
      for (var i = 1; i <= n; i++) {
        var c = await all.Item(i);
        var opt = document.createElement('option');
        opt.value = String(certs.length);
        opt.textContent = (await c.SubjectName) + ' — действителен до ' + new Date(await c.ValidToDate).toLocaleDateString('ru-RU');
        select.appendChild(opt);
        certs.push(await c.Thumbprint);
      }
    } finally {
      await store.Close();
    }
    if (certs.length === 0) {
      say('В хранилище «Личное» нет сертификатов: подключите носитель с ключом или воспользуйтесь способом 2.');
      return;
    }
    controls.hidden = false;
    say('Выберите сертификат и нажмите «Подписать». КриптоПро CSP может запросить пароль (ПИН-код) ключа.');
  }

  async function sign() {
    button.disabled = true;
    say('Подписываем…');
    var store = await openStore();
    var cert;
    try {
      var found = await (await store.Certificates).Find(plugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, certs[Number(select.value)]);
      if ((await found.Count) < 1) { throw new Error('сертификат не найден в хранилище'); }
      cert = await found.Item(1);
    } finally {
      await store.Close();
    }
    var signer = await plugin.CreateObjectAsync('CAdESCOM.CPSigner');
    await signer.propset_Certificate(cert);
    var data = await plugin.CreateObjectAsync('CAdESCOM.CadesSignedData');
    await data.propset_ContentEncoding(plugin.CADESCOM_BASE64_TO_BINARY);
    await data.propset_Content(xml);
    // Detached CAdES-BES over the exact bytes of the XML.
    var signature = await data.SignCades(signer, plugin.CADESCOM_CADES_BES, true);
    out.value = signature;
    say('Подпись создана, проверяем её…');
    form.submit();
  }

  button.addEventListener('click', function () { sign().catch(failed); });
  Promise.resolve(plugin).then(function () { return list(); }).catch(failed);
})();
