;;; e2e.el --- End-to-end test of newsls.el with Eglot  -*- lexical-binding: t; -*-

;; Run through tests/run.sh, which sets NEWSLS_BIN and NEWSLS_E2E_ROOT (a
;; temp copy of editors/nvim/tests/workspace holding a .git marker) and runs
;;   emacs --batch -Q -L editors/emacs -l tests/e2e.el
;; Prints "ok   - name" / "FAIL - name: why" lines and "RESULT <passed>
;; <failed>", and exits non-zero on any failure.

;;; Code:

;; Debian's elpa-eglot lives outside the -Q load-path; Emacs 29+ has eglot.
(unless (require 'eglot nil t)
  (require 'package)
  (setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
  (package-initialize)
  (require 'eglot))
(require 'newsls)
(require 'xref)
(require 'flymake)
(require 'cl-lib)

(defvar e2e-bin (getenv "NEWSLS_BIN"))
(defvar e2e-root (file-name-as-directory (file-truename (getenv "NEWSLS_E2E_ROOT"))))
(defvar e2e-brief (expand-file-name "briefs/2026-01-23-talks.news.md" e2e-root))
(defvar e2e-registry (expand-file-name "registry.news.md" e2e-root))
(defvar e2e-notes (expand-file-name "briefs/notes.md" e2e-root))
(defvar e2e-passed 0)
(defvar e2e-failed 0)
(defvar e2e-timeout 10)

(setq newsls-command (list e2e-bin))
(setq eglot-sync-connect 5)
(setq eglot-send-changes-idle-time 0.1)
(setq eglot-autoshutdown nil)

(defun e2e-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun e2e-err (fmt &rest args)
  (message "%s" (apply #'format fmt args)))

(defmacro e2e-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body
              (setq e2e-passed (1+ e2e-passed))
              (e2e-out "ok   - %s" ,name))
     (error
      (setq e2e-failed (1+ e2e-failed))
      (e2e-err "FAIL - %s: %s" ,name (error-message-string err)))))

(defun e2e-wait (what pred &optional seconds)
  "Process events until PRED returns non-nil; signal an error after SECONDS."
  (let ((deadline (+ (float-time) (or seconds e2e-timeout))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; Flymake and Eglot use timers and idle timers; run them.
      (sit-for 0.01)
      (run-hooks 'post-command-hook))
    (unless (funcall pred)
      (error "timed out waiting for %s" what))))

(defun e2e-eq (expected actual what)
  (unless (equal expected actual)
    (error "%s: expected %S, got %S" what expected actual)))

(defun e2e-undefined-diags ()
  (cl-remove-if-not
   (lambda (d) (string-match-p "\\[undefined-entity\\]" (flymake-diagnostic-text d)))
   (flymake-diagnostics)))

(defun e2e-goto (needle offset)
  "Put point OFFSET characters into the first occurrence of NEEDLE."
  (goto-char (point-min))
  (unless (search-forward needle nil t)
    (error "%S not found" needle))
  (goto-char (+ (match-beginning 0) offset)))

(defun e2e-hover-text ()
  (let* ((server (eglot-current-server))
         (result (jsonrpc-request server :textDocument/hover
                                  (eglot--TextDocumentPositionParams)))
         (contents (plist-get result :contents)))
    (cond ((stringp contents) contents)
          ((plist-get contents :value))
          ((vectorp contents)
           (mapconcat (lambda (c) (if (stringp c) c (plist-get c :value))) contents "\n"))
          (t (error "hover returned no contents: %S" result)))))

(defun e2e-hover-shows (at name role)
  "Hover three characters into the first AT in the brief shows NAME and ROLE."
  (with-current-buffer e2e-brief-buffer
    (e2e-goto at 3)
    (let ((text (e2e-hover-text)))
      (unless (and (string-match-p name text) (string-match-p role text))
        (error "hover lacks name/role: %S" text)))))

(defun e2e-flush-changes ()
  "Send pending didChange now.
Eglot sends edits from an idle timer, and batch Emacs is never idle."
  (eglot--signal-textDocument/didChange))

(defvar e2e-brief-buffer nil)

(defun e2e-run ()
  (e2e-out "# %s; eglot: %s; newsls: %s" (car (split-string (emacs-version) "\n"))
           (locate-library "eglot") e2e-bin)
  (e2e-out "# newsls-mode derives from %s" (get 'newsls-mode 'derived-mode-parent))

  (e2e-check "a plain .md file does not start newsls"
    (find-file e2e-notes)
    (run-hooks 'post-command-hook)
    (when (eq major-mode 'newsls-mode) (error "notes.md is in newsls-mode"))
    (when (eglot-current-server) (error "eglot manages notes.md")))

  (e2e-check "opening the brief: newsls-mode, Eglot connects at the .git root"
    (find-file e2e-brief)
    (setq e2e-brief-buffer (current-buffer))
    (e2e-eq 'newsls-mode major-mode "major mode")
    ;; eglot-ensure connects from post-command-hook, which batch mode never runs.
    (run-hooks 'post-command-hook)
    (e2e-wait "eglot to connect" (lambda () (eglot-current-server)))
    (e2e-eq e2e-root (file-name-as-directory
                      (file-truename (project-root (eglot--project (eglot-current-server)))))
            "project root")
    (when (fboundp 'eglot--language-id) ; eglot <= 1.16; later ones keep a list
      (e2e-eq "markdown" (eglot--language-id (eglot-current-server)) "language id")))

  (e2e-check "Flymake shows the undefined-entity diagnostic on [@nobody]"
    (with-current-buffer e2e-brief-buffer
      (e2e-wait "a diagnostic" (lambda () (e2e-undefined-diags)))
      (let* ((diags (e2e-undefined-diags))
             (d (car diags))
             (text (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))))
        (e2e-eq 1 (length diags) "number of diagnostics")
        ;; Eglot's text is "SOURCE [CODE]: MESSAGE"; its error type is eglot-error.
        (unless (string-prefix-p "newsls [undefined-entity]" (flymake-diagnostic-text d))
          (error "unexpected diagnostic text %S" (flymake-diagnostic-text d)))
        (unless (memq (flymake-diagnostic-type d) '(eglot-error :error))
          (error "diagnostic type is %S, not an error" (flymake-diagnostic-type d)))
        (unless (string-match-p "nobody" text)
          (error "diagnostic covers %S, not @nobody" text))
        (when (string-match-p "putin" text)
          (error "diagnostic range too wide: %S" text)))))

  (e2e-check "hover on [@putin] after emoji"
    (e2e-hover-shows "[@putin]" "Vladimir Putin" "President of Russia"))

  (e2e-check "hover on [Steve Witkoff](@witkoff) (entity of registry.news.md)"
    (e2e-hover-shows "[Steve Witkoff]" "Steve Witkoff" "US Special Envoy"))

  (e2e-check "xref definition of (@witkoff) is the witkoff key in the unopened registry"
    (with-current-buffer e2e-brief-buffer
      (when (find-buffer-visiting e2e-registry)
        (error "registry.news.md must not be open yet"))
      (e2e-goto "(@witkoff)" 3)
      (let* ((id (xref-backend-identifier-at-point 'eglot))
             (items (xref-backend-definitions 'eglot id)))
        (e2e-eq 1 (length items) "number of definitions")
        (let ((marker (xref-location-marker (xref-item-location (car items)))))
          (with-current-buffer (marker-buffer marker)
            (e2e-eq (file-truename e2e-registry) (file-truename buffer-file-name) "definition file")
            (goto-char marker)
            (unless (looking-at "witkoff:")
              (error "definition is at %S, not the witkoff key"
                     (buffer-substring (line-beginning-position) (line-end-position)))))))))

  (e2e-check "incremental edits after emoji keep diagnostics in place"
    (with-current-buffer e2e-brief-buffer
      (e2e-goto "[@nobody]" 2)
      (delete-char 6)
      (insert "putin")
      (e2e-flush-changes)
      (e2e-wait "the diagnostic to go away" (lambda () (null (e2e-undefined-diags))))
      (goto-char (point-max))
      (skip-chars-backward "\n")
      (insert " 🇫🇷👍 [@ghost].")
      (e2e-flush-changes)
      (e2e-wait "a diagnostic on [@ghost]" (lambda () (e2e-undefined-diags)))
      (let* ((d (car (e2e-undefined-diags)))
             (text (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))))
        (unless (string-match-p "ghost" text)
          (error "diagnostic covers %S, not @ghost" text)))))

  (e2e-check "eglot-workspace-configuration (:newsls) turns a code off without a restart"
    (with-current-buffer e2e-brief-buffer
      (e2e-wait "the [@ghost] error" (lambda () (e2e-undefined-diags)))
      (let ((server (eglot-current-server)))
        (setq-default eglot-workspace-configuration
                      '((:newsls . (:diagnostics (:undefined-entity "off")))))
        (unwind-protect
            (progn
              (eglot-signal-didChangeConfiguration server)
              (e2e-wait "the error to go away" (lambda () (null (e2e-undefined-diags)))))
          (setq-default eglot-workspace-configuration nil)
          (eglot-signal-didChangeConfiguration server))
        (e2e-wait "the error back with the setting gone" (lambda () (e2e-undefined-diags))))))

  (e2e-check "newsls-dossier shows the dossier of the buffer as edited"
    (with-current-buffer e2e-brief-buffer
      ;; The brief is edited and unsaved: [@nobody] became [@putin], and
      ;; [@ghost] was added.
      (unless (buffer-modified-p) (error "the brief should have unsaved edits"))
      (let* ((dossier (newsls-dossier))
             (text (with-current-buffer dossier (buffer-string))))
        (unless (string-prefix-p "# Dossier: Brief\n" text)
          (error "unexpected start: %S" text))
        (dolist (wanted '("on 2026-01-23 (the document's date)" "## People"
                          "- On 2026-01-23: US Special Envoy" "### ghost (`@ghost`)"))
          (unless (string-match-p (regexp-quote wanted) text)
            (error "the dossier lacks %S: %S" wanted text)))
        (when (string-match-p "@nobody" text)
          (error "the dossier still has @nobody, removed by an unsaved edit: %S" text))
        (e2e-eq t (buffer-local-value 'buffer-read-only dossier) "read-only")
        (unless (get-buffer-window dossier) (error "the dossier is not shown"))
        (let ((again (newsls-dossier "2020-01-01")))
          (e2e-eq dossier again "the same buffer")
          (unless (string-match-p (regexp-quote "on 2020-01-01 (the date asked for)")
                                  (with-current-buffer again (buffer-string)))
            (error "the dossier is not on the date asked for"))))))

  ;; Not through `eglot-shutdown': with jsonrpc 1.0 it kills the process
  ;; right after sending exit, so the exit status would say nothing.
  (e2e-check "shutdown + exit: the server exits with status 0"
    (with-current-buffer e2e-brief-buffer
      (let* ((server (eglot-current-server))
             (proc (jsonrpc--process server)))
        (setf (eglot--shutdown-requested server) t)
        (jsonrpc-request server :shutdown nil :timeout 5)
        (jsonrpc-notify server :exit nil)
        (e2e-wait "the server process to exit" (lambda () (not (process-live-p proc))) 5)
        (e2e-eq 0 (process-exit-status proc) "exit status")))))

(condition-case err
    (e2e-run)
  (error
   (setq e2e-failed (1+ e2e-failed))
   (e2e-err "FAIL - test harness error: %s" (error-message-string err))))
(e2e-out "RESULT %d %d" e2e-passed e2e-failed)
(kill-emacs (if (> e2e-failed 0) 1 0))

;;; e2e.el ends here
