; The LabRegistry installer for Windows 10/11 (NSIS 3, Unicode, 64-bit stub).
; Made by packaging/windows/make_installer.sh, which passes:
;   /DVERSION=0.1.0 /DFILEVERSION=0.1.0.0 /DSOURCE=<PyInstaller folder> /DOUTFILE=<setup.exe>
;   /DICON=<labregistry.ico>
; Per user, no administrator rights: %LOCALAPPDATA%\Programs\LabRegistry. The data folder
; (%LOCALAPPDATA%\LabRegistry: database, keys, backups) is never touched: an upgrade
; replaces the program files in place, an uninstall removes only what this installed.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define APPNAME "LabRegistry"
!define PUBLISHER "LabRegistry"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPNAME}"
!define APP_KEY "Software\${APPNAME}"

Name "LabRegistry $(AppTitle)"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "LabRegistry ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${FILEVERSION}"
VIFileVersion "${FILEVERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "LabRegistry 计量资源登记"
VIAddVersionKey /LANG=2052 "FileDescription" "LabRegistry 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductName" "LabRegistry"
VIAddVersionKey /LANG=1033 "FileDescription" "LabRegistry setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\labregistry-gui.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Chinese first: the default where Windows' language is neither of the two.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString AppTitle ${LANG_SIMPCHINESE} "计量资源登记"
LangString AppTitle ${LANG_ENGLISH} "metrology registry"
LangString RunNow ${LANG_SIMPCHINESE} "立即启动 LabRegistry"
LangString RunNow ${LANG_ENGLISH} "Start LabRegistry now"
LangString ShortcutApp ${LANG_SIMPCHINESE} "LabRegistry 计量资源登记"
LangString ShortcutApp ${LANG_ENGLISH} "LabRegistry"
LangString ShortcutCli ${LANG_SIMPCHINESE} "LabRegistry 命令行"
LangString ShortcutCli ${LANG_ENGLISH} "LabRegistry command line"
LangString StillRunning ${LANG_SIMPCHINESE} "LabRegistry 正在运行，请先关闭它再继续。"
LangString StillRunning ${LANG_ENGLISH} "LabRegistry is running; please close it, then continue."

; The program files of a previous version, removed before the new ones are written, so an
; upgrade leaves nothing stale behind (and never anything outside these names).
!macro REMOVE_PROGRAM_FILES
  Delete "$INSTDIR\labregistry.exe"
  Delete "$INSTDIR\labregistry-gui.exe"
  RMDir /r "$INSTDIR\_internal"
!macroend

Section "LabRegistry" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; a running copy holds its files open: ask, rather than leave a half-replaced program
  IfFileExists "$INSTDIR\labregistry-gui.exe" 0 unlocked
  retry:
  ClearErrors
  FileOpen $0 "$INSTDIR\labregistry-gui.exe" a
  IfErrors 0 opened
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
  Abort
  opened:
  FileClose $0
  unlocked:
  !insertmacro REMOVE_PROGRAM_FILES
  File /r "${SOURCE}\*.*"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "LabRegistry $(AppTitle)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\labregistry-gui.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; the Start menu: the app, and a console where `labregistry` is on PATH (the user's own
  ; PATH is left alone: NSIS strings are too short to edit it safely)
  CreateShortCut "$SMPROGRAMS\$(ShortcutApp).lnk" "$INSTDIR\labregistry-gui.exe" "" \
    "$INSTDIR\labregistry-gui.exe" 0 SW_SHOWNORMAL "" "LabRegistry"
  SetOutPath "$DOCUMENTS"  ; where the console starts
  CreateShortCut "$SMPROGRAMS\$(ShortcutCli).lnk" "$SYSDIR\cmd.exe" \
    '/k set "PATH=$INSTDIR;%PATH%" & labregistry --version' "$INSTDIR\labregistry.exe" 0 SW_SHOWNORMAL "" \
    "labregistry"
  SetOutPath "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "StartMenuApp" "$SMPROGRAMS\$(ShortcutApp).lnk"
  WriteRegStr HKCU "${APP_KEY}" "StartMenuCli" "$SMPROGRAMS\$(ShortcutCli).lnk"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ReadRegStr $0 HKCU "${APP_KEY}" "StartMenuApp"
  StrCmp $0 "" +2
    Delete "$0"
  ReadRegStr $0 HKCU "${APP_KEY}" "StartMenuCli"
  StrCmp $0 "" +2
    Delete "$0"
  !insertmacro REMOVE_PROGRAM_FILES
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: a data folder someone put here stays
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd
