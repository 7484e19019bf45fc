;;; package.el --- newsls.el as a package: headers, autoloads, lazy Eglot  -*- lexical-binding: t; -*-

;; Run through tests/run.sh in a fresh `emacs --batch -Q' (Eglot not
;; loaded, newsls.el not loaded), with NEWSLS_E2E_TMP a scratch folder.
;; Prints "ok   - name" / "FAIL - name: why" lines and "RESULT <passed> <failed>".

;;; Code:

(require 'package)
(require 'lisp-mnt)

(defvar pkg-dir (file-name-directory (locate-library "newsls.el" t)))
(defvar pkg-file (expand-file-name "newsls.el" pkg-dir))
(defvar pkg-tmp (file-name-as-directory (getenv "NEWSLS_E2E_TMP")))
(defvar pkg-passed 0)
(defvar pkg-failed 0)

(defmacro pkg-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body
              (setq pkg-passed (1+ pkg-passed))
              (princ (format "ok   - %s\n" ,name)))
     (error (setq pkg-failed (1+ pkg-failed))
            (message "FAIL - %s: %s" ,name (error-message-string err)))))

(pkg-check "package headers: name, version, requirements, licence"
  (with-temp-buffer
    (insert-file-contents pkg-file)
    (let ((desc (package-buffer-info)))
      (unless (eq (package-desc-name desc) 'newsls) (error "name %S" (package-desc-name desc)))
      (unless (equal (package-desc-version desc) '(0 1 0)) (error "version %S" (package-desc-version desc)))
      (unless (equal (mapcar #'car (package-desc-reqs desc)) '(emacs eglot))
        (error "requirements %S" (package-desc-reqs desc)))))
  (let ((license (lm-header "SPDX-License-Identifier")))
    (with-temp-buffer
      (insert-file-contents pkg-file)
      (setq license (lm-header "SPDX-License-Identifier")))
    (unless (equal license "MIT OR Apache-2.0") (error "licence %S" license))))

(pkg-check "byte-compiles without warnings and without loading Eglot"
  (let ((byte-compile-error-on-warn t)
        (byte-compile-dest-file-function (lambda (_) (expand-file-name "newsls.elc" pkg-tmp))))
    (unless (byte-compile-file pkg-file) (error "byte-compile-file failed"))
    (when (featurep 'eglot) (error "compiling loaded eglot"))))

(defvar pkg-autoloads (expand-file-name "newsls-autoloads.el" pkg-tmp))

(pkg-check "the autoloads name newsls-mode and *.news.md, and load nothing"
  (if (fboundp 'loaddefs-generate)
      (loaddefs-generate pkg-dir pkg-autoloads)
    (require 'autoload)
    (defvar generated-autoload-file)
    (let ((generated-autoload-file pkg-autoloads))
      (update-file-autoloads pkg-file t pkg-autoloads)))
  (load pkg-autoloads nil t)
  (unless (autoloadp (symbol-function 'newsls-mode)) (error "newsls-mode is not an autoload"))
  (unless (eq (cdr (assoc "\\.news\\.md\\'" auto-mode-alist)) 'newsls-mode)
    (error "*.news.md is not in auto-mode-alist"))
  (when (featurep 'newsls) (error "the autoloads loaded newsls.el"))
  (when (featurep 'eglot) (error "the autoloads loaded eglot")))

(pkg-check "opening a *.news.md file loads newsls.el, not Eglot until it starts"
  (let ((file (expand-file-name "brief.news.md" pkg-tmp)))
    (with-temp-file file (insert "---\ntitle: t\n---\n[@x]\n"))
    (setq-default newsls-auto-start nil)
    (with-current-buffer (find-file-noselect file)
      (unless (eq major-mode 'newsls-mode) (error "major mode %S" major-mode))
      (unless (featurep 'newsls) (error "newsls.el not loaded"))
      (when (featurep 'eglot) (error "eglot loaded with newsls-auto-start nil")))))

(princ (format "RESULT %d %d\n" pkg-passed pkg-failed))
(kill-emacs (if (zerop pkg-failed) 0 1))
;;; package.el ends here
