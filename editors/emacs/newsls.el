;;; newsls.el --- Eglot client for newsls, the annotated news documents server  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The newsls authors

;; Author: The newsls authors
;; Maintainer: The newsls authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools, wp
;; SPDX-License-Identifier: MIT OR Apache-2.0

;; This file is not part of GNU Emacs.

;;; Commentary:

;; newsls is a language server for annotated news documents: Markdown files
;; named `*.news.md' whose front matter defines entities that the text
;; mentions as [surface](@id) or [@id].
;;
;; This file defines `newsls-mode' for `*.news.md' files, derived from
;; `markdown-mode' when that package is installed (else from `text-mode'),
;; registers the `newsls' command for it in `eglot-server-programs' with
;; language id "markdown", and starts Eglot in those buffers.  Other
;; Markdown files keep their usual mode and are not sent to newsls.
;; Eglot itself is loaded only when the first `*.news.md' file is opened.
;;
;; Usage (init.el), from a checkout:
;;
;;   (add-to-list 'load-path "/path/to/newsls/editors/emacs")
;;   (require 'newsls)
;;   ;; optional, when newsls is not on PATH:
;;   ;; (setq newsls-command '("/path/to/newsls/target/release/newsls"))
;;
;; or installed as a package (`package-vc-install' or `package-install-file'
;; on this file), where the autoloads make the `require' unnecessary.
;;
;; Then: diagnostics through Flymake (`M-x flymake-show-buffer-diagnostics'),
;; hover through ElDoc, go to definition with `M-.' and references with
;; `M-?' (xref), also into files that are not open; `eglot-rename',
;; `eglot-code-actions' for quick fixes, imenu for the document's entities,
;; `completion-at-point' for entity ids, and `M-x newsls-dossier' for the
;; document's dossier (every entity it names, with the roles held on its
;; date) in a buffer beside it.  The project root is the one
;; project.el finds (the version-control root, e.g. the directory holding
;; .git); the server indexes every `*.news.md' below it.
;;
;; Settings: the server reads a `.newsls.toml' at the project root, and
;; Eglot's `eglot-workspace-configuration' under the section `:newsls',
;; e.g. in the project's .dir-locals.el:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . ((:newsls . (:diagnostics (:unannotated-mention "off"))))))))

;;; Code:

(declare-function eglot-ensure "eglot" ())
(declare-function markdown-mode "markdown-mode" ())
(defvar eglot-server-programs)

(defgroup newsls nil
  "Eglot client for the newsls language server."
  :group 'tools
  :prefix "newsls-")

(defcustom newsls-command '("newsls")
  "Command (program and arguments) that starts the newsls server.
The server speaks LSP over stdin/stdout."
  :type '(repeat string))

(defcustom newsls-auto-start t
  "When non-nil, `newsls-mode' buffers start Eglot automatically."
  :type 'boolean)

(defconst newsls-file-regexp "\\.news\\.md\\'"
  "File names handled by `newsls-mode'.")

;; The mode is chosen when this file loads (markdown-mode or not), so its
;; autoload is written by hand rather than generated from the definition.
;;;###autoload (autoload 'newsls-mode "newsls" "Major mode for annotated news documents (`*.news.md')." t)
(if (require 'markdown-mode nil t)
    (define-derived-mode newsls-mode markdown-mode "News"
      "Major mode for annotated news documents (`*.news.md').
Markdown mode with the newsls language server through Eglot.")
  (define-derived-mode newsls-mode text-mode "News"
    "Major mode for annotated news documents (`*.news.md').
Text mode (markdown-mode is not installed) with the newsls language
server through Eglot."))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.news\\.md\\'" . newsls-mode))

(defun newsls--contact (&optional _interactive)
  "Server contact for Eglot: the value of `newsls-command'."
  newsls-command)

(defun newsls--register ()
  "Tell Eglot how to start newsls for `newsls-mode' buffers."
  ;; The mode list is nested on purpose: eglot 1.9 mis-reads the unnested
  ;; (newsls-mode :language-id "markdown") form as three major modes.
  (add-to-list 'eglot-server-programs
               '(((newsls-mode :language-id "markdown")) . newsls--contact)))

(with-eval-after-load 'eglot
  (newsls--register))

(defun newsls--maybe-start ()
  "Start Eglot in this buffer when `newsls-auto-start' is non-nil."
  (when newsls-auto-start
    ;; Eglot is loaded here, on the first news document, not when this
    ;; file is; loading it runs `newsls--register' above.
    (require 'eglot)
    (eglot-ensure)))

(add-hook 'newsls-mode-hook #'newsls--maybe-start)

(declare-function eglot--current-server-or-lose "eglot" ())
(declare-function eglot--TextDocumentIdentifier "eglot" ())
(declare-function eglot--signal-textDocument/didChange "eglot" ())
(declare-function jsonrpc-request "jsonrpc" (connection method params &rest args))

;;;###autoload
(defun newsls-dossier (&optional date)
  "Show the dossier of this news document in a buffer beside it.
The server's `newsls/dossier' answer for the buffer as it is now, unsaved
changes included: every entity the document names, people first, with
the role held on the document's date and its source, roles begun or ended
within a year, aliases, Wikidata, definitions and mention counts.  With a
prefix argument, ask for DATE (YYYY-MM-DD) to read every account on.
Returns the dossier buffer."
  (interactive
   (list (when current-prefix-arg (read-string "Dossier on (YYYY-MM-DD): "))))
  (require 'eglot)
  (let ((server (eglot--current-server-or-lose)))
    ;; Eglot sends edits from an idle timer: send what is pending first.
    (eglot--signal-textDocument/didChange)
    (let* ((params (append (list :textDocument (eglot--TextDocumentIdentifier))
                           (when (and date (not (string-empty-p date)))
                             (list :date date))))
           (result (jsonrpc-request server :newsls/dossier params))
           (markdown (and (listp result) (plist-get result :markdown)))
           (name (file-name-nondirectory (or buffer-file-name (buffer-name))))
           (buffer (get-buffer-create (format "*newsls dossier: %s*" name))))
      (unless (stringp markdown)
        (user-error "newsls: the server does not know this document"))
      (with-current-buffer buffer
        (let ((inhibit-read-only t))
          (erase-buffer)
          (insert markdown)
          (if (require 'markdown-mode nil t) (markdown-mode) (text-mode))
          (goto-char (point-min))
          (set-buffer-modified-p nil))
        (view-mode 1))
      (display-buffer buffer '(nil (inhibit-same-window . t)))
      buffer)))

(provide 'newsls)
;;; newsls.el ends here
