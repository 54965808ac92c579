@echo off
rem The curriculum command on Windows: runs this checkout's Release build (dotnet build lib/Curriculum.Cli -c Release first).
set "DLL=%~dp0lib\Curriculum.Cli\bin\Release\net10.0\curriculum.dll"
if not exist "%DLL%" (
  echo curriculum: not built yet: run "dotnet build lib/Curriculum.Cli -c Release" in %~dp0 1>&2
  exit /b 2
)
dotnet "%DLL%" %*
