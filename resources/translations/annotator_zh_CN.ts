<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdjudicationView</name>
    <message>
        <source>Adjudication</source>
        <translation>裁决</translation>
    </message>
    <message>
        <source>Choose an item; E edits its gold values.</source>
        <translation>选择一项；按 E 编辑其金标准值。</translation>
    </message>
    <message>
        <source>No article has been coded by two coders yet.</source>
        <translation>还没有文章被两位编码员标注过。</translation>
    </message>
    <message>
        <source>&amp;Decide</source>
        <translation>裁决(&amp;D)</translation>
    </message>
    <message>
        <source>Next item to decide</source>
        <translation>下一个待裁决项</translation>
    </message>
    <message>
        <source>Previous item to decide</source>
        <translation>上一个待裁决项</translation>
    </message>
    <message>
        <source>Merge the versions</source>
        <translation>合并各版本</translation>
    </message>
    <message>
        <source>Reject (not in the gold set)</source>
        <translation>拒绝（不进入金标准集）</translation>
    </message>
    <message>
        <source>Reopen the decision</source>
        <translation>撤销裁决</translation>
    </message>
    <message>
        <source>Accept everything the coders agree on</source>
        <translation>接受编码员一致的所有标注</translation>
    </message>
    <message>
        <source>Edit the gold values</source>
        <translation>编辑金标准值</translation>
    </message>
    <message>
        <source>Next article</source>
        <translation>下一篇文章</translation>
    </message>
    <message>
        <source>Previous article</source>
        <translation>上一篇文章</translation>
    </message>
    <message>
        <source>Read the coders&apos; work again</source>
        <translation>重新读取编码员的标注</translation>
    </message>
    <message>
        <source>Take coder %1&apos;s version</source>
        <translation>采用编码员 %1 的版本</translation>
    </message>
    <message>
        <source>The coders&apos; work read again</source>
        <translation>已重新读取编码员的标注</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Gold set</source>
        <translation>金标准集</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>to decide</source>
        <translation>待裁决</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 of %3 items decided; %4 disagreement(s) left</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;已裁决 %2 / %3 项；还剩 %4 处分歧</translation>
    </message>
    <message>
        <source>Every disagreement in this article is decided</source>
        <translation>本文所有分歧均已裁决</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved in the gold set</source>
        <translation>已保存到金标准集</translation>
    </message>
    <message>
        <source>%1 has nothing here</source>
        <translation>%1 在此处没有标注</translation>
    </message>
</context>
<context>
    <name>AgreementView</name>
    <message>
        <source>Spans per kind (overlap F1, exact F1, α on characters, unitizing α)</source>
        <translation>各类型的标注范围（重叠 F1、精确 F1、按字符的 α、单元化 α）</translation>
    </message>
    <message>
        <source>Fields (Krippendorff&apos;s α, nominal)</source>
        <translation>字段（Krippendorff α，名义）</translation>
    </message>
    <message>
        <source>Coder pairs (Cohen&apos;s κ on characters)</source>
        <translation>编码员两两之间（按字符的 Cohen κ）</translation>
    </message>
    <message>
        <source>Articles with least agreement (overlap F1)</source>
        <translation>一致性最低的文章（重叠 F1）</translation>
    </message>
    <message>
        <source>Every figure</source>
        <translation>全部数值</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Save chart as PNG…</source>
        <translation>将图表保存为 PNG…</translation>
    </message>
    <message>
        <source>Save report as CSV…</source>
        <translation>将报告保存为 CSV…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Agreement needs two coders who coded the same articles.</source>
        <translation>计算一致性需要两位编码员标注过相同的文章。</translation>
    </message>
    <message>
        <source>%1 coders (%2) on %3 article(s)</source>
        <translation>%1 位编码员（%2），%3 篇文章</translation>
    </message>
    <message>
        <source>overlap F1</source>
        <translation>重叠 F1</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Coders</source>
        <translation>编码员</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位数</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
</context>
<context>
    <name>CodebookEditor</name>
    <message>
        <source>Codebook</source>
        <translation>编码本</translation>
    </message>
    <message>
        <source>Choose a kind or a field on the left.</source>
        <translation>请在左侧选择一个类别或字段。</translation>
    </message>
    <message>
        <source>Add &amp;kind</source>
        <translation>添加类别(&amp;K)</translation>
    </message>
    <message>
        <source>Add &amp;field</source>
        <translation>添加字段(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Saving installs version %1 of the codebook.</source>
        <translation>保存后将安装编码本第 %1 版。</translation>
    </message>
    <message>
        <source>Document fields</source>
        <translation>文档字段</translation>
    </message>
    <message>
        <source>New kind</source>
        <translation>新类别</translation>
    </message>
    <message>
        <source>Name of the kind (lower_case):</source>
        <translation>类别名称（小写）：</translation>
    </message>
    <message>
        <source>Choose the kind (or Document fields) the field belongs to.</source>
        <translation>请选择字段所属的类别（或文档字段）。</translation>
    </message>
    <message>
        <source>New field</source>
        <translation>新字段</translation>
    </message>
    <message>
        <source>Name of the field (lower_case):</source>
        <translation>字段名称（小写）：</translation>
    </message>
    <message>
        <source>Names are lower_case_with_underscores, starting with a letter.</source>
        <translation>名称须为以字母开头的小写字母、数字和下划线。</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Discard your changes to the codebook?</source>
        <translation>放弃对编码表的更改吗？</translation>
    </message>
    <message>
        <source>Coded values would be lost</source>
        <translation>已编码的值将丢失</translation>
    </message>
    <message>
        <source>The new codebook lacks what these coded values use:</source>
        <translation>新编码本缺少这些已编码值所用的项：</translation>
    </message>
    <message>
        <source>Delete these values and install the codebook? (Cancel goes back to editing.)</source>
        <translation>删除这些值并安装编码本吗？（取消则返回编辑。）</translation>
    </message>
    <message>
        <source>Codebook not saved</source>
        <translation>编码本未保存</translation>
    </message>
</context>
<context>
    <name>CodingForm</name>
    <message>
        <source>Select text and press a kind&apos;s key, or click an annotation.</source>
        <translation>选中文本后按类别键，或点击一个标注。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
</context>
<context>
    <name>DatasetImportDialog</name>
    <message>
        <source>Import an annotated dataset</source>
        <translation>导入已标注数据集</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <source>Suggestions for every coder</source>
        <translation>作为所有编码员的建议</translation>
    </message>
    <message>
        <source>My work (%1)</source>
        <translation>我的标注（%1）</translation>
    </message>
    <message>
        <source>The work of:</source>
        <translation>归属编码员：</translation>
    </message>
    <message>
        <source>coder&apos;s name, e.g. model-v2</source>
        <translation>编码员名称，例如 model-v2</translation>
    </message>
    <message>
        <source>Keep the coders the file names</source>
        <translation>保留文件中注明的编码员</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>文件中的名称</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Becomes</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Spans become:</source>
        <translation>片段导入为：</translation>
    </message>
    <message>
        <source>Choose a file to see its labels.</source>
        <translation>选择文件后即可查看其中的标签。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Cancelling after the current record…</source>
        <translation>当前记录完成后取消…</translation>
    </message>
    <message>
        <source>Labels and relation types:</source>
        <translation>标签与关系类型：</translation>
    </message>
    <message>
        <source>Choose the dataset&apos;s folder</source>
        <translation>选择数据集所在文件夹</translation>
    </message>
    <message>
        <source>Choose the dataset</source>
        <translation>选择数据集</translation>
    </message>
    <message>
        <source>Reading the labels…</source>
        <translation>正在读取标签…</translation>
    </message>
    <message>
        <source>add as a new kind</source>
        <translation>新增为类别</translation>
    </message>
    <message>
        <source>add as a new link field</source>
        <translation>新增为关联字段</translation>
    </message>
    <message>
        <source>%1 record(s), %2 label(s), %3 relation type(s).</source>
        <translation>%1 条记录，%2 种标签，%3 种关系类型。</translation>
    </message>
    <message>
        <source>%1 (relation)</source>
        <translation>%1（关系）</translation>
    </message>
    <message>
        <source>leave out</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Type the name of the coder whose work this is.</source>
        <translation>请输入这些标注所属编码员的名称。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <source>Article details</source>
        <translation>文章信息</translation>
    </message>
    <message>
        <source>The date was guessed from %1: correct it if it is wrong.</source>
        <translation>日期是根据%1推测的：如有错误请更正。</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <source>line %1 of the text</source>
        <translation>正文第 %1 行</translation>
    </message>
    <message>
        <source>the file name</source>
        <translation>文件名</translation>
    </message>
</context>
<context>
    <name>DocumentFilters</name>
    <message>
        <source>Your status on the document</source>
        <translation>你在该文档上的状态</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新的</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Documents where you annotated this kind</source>
        <translation>你标注过该类别的文档</translation>
    </message>
    <message>
        <source>Any annotations</source>
        <translation>任意标注</translation>
    </message>
    <message>
        <source>With %1 annotations</source>
        <translation>含%1标注</translation>
    </message>
    <message>
        <source>Outlet (publisher) of the document</source>
        <translation>文档的媒体（发布者）</translation>
    </message>
    <message>
        <source>The documents assigned to you</source>
        <translation>分配给你的文档</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Any publication date</source>
        <translation>不限发布日期</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Both days included</source>
        <translation>含起止两日</translation>
    </message>
    <message>
        <source>Every outlet</source>
        <translation>全部媒体</translation>
    </message>
    <message>
        <source>Only my queue (%1 documents)</source>
        <translation>只看我的任务（%1 篇）</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>Chars</source>
        <translation>字数</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新的</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done ✓</source>
        <translation>已完成 ✓</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <source>The %1 documents the list shows (search and filters)</source>
        <translation>列表中显示的 %1 篇文档（按搜索和筛选）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>as stored</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>simplified (繁→简)</source>
        <translation>简体（繁→简）</translation>
    </message>
    <message>
        <source>traditional (简→繁)</source>
        <translation>繁体（简→繁）</translation>
    </message>
    <message>
        <source>only the adjudicated gold annotations</source>
        <translation>仅导出裁定后的金标准标注</translation>
    </message>
    <message>
        <source>Coders</source>
        <translation>编码员</translation>
    </message>
    <message>
        <source>Kinds</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Documents marked</source>
        <translation>文档状态</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>The file is written whole or not at all.</source>
        <translation>文件要么完整写入，要么完全不写。</translation>
    </message>
    <message>
        <source>Blind mode: you export your own work. The file is written whole or not at all.</source>
        <translation>盲评模式：只导出你自己的标注。文件要么完整写入，要么不写入。</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>请选择导出文件的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
    <message>
        <source>Exported %1 document(s) to %2 (%3).</source>
        <translation>已将 %1 篇文档导出到 %2（%3）。</translation>
    </message>
    <message>
        <source>Beside it: %1 (%2)</source>
        <translation>同时写出：%1（%2）</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>FieldPage</name>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>several links</source>
        <translation>可多选</translation>
    </message>
    <message>
        <source>Add a choice</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>Remove the choice</source>
        <translation>删除选项</translation>
    </message>
    <message>
        <source>Name (stored)</source>
        <translation>名称（存储用）</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Choices (double-click renames)</source>
        <translation>选项（双击可重命名）</translation>
    </message>
    <message>
        <source>Links to</source>
        <translation>链接到</translation>
    </message>
    <message>
        <source>Choice (as stored):</source>
        <translation>选项（存储用）：</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Import articles</source>
        <translation>导入文章</translation>
    </message>
    <message>
        <source>Choose &amp;files…</source>
        <translation>选择文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Choose a f&amp;older…</source>
        <translation>选择文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Files: .txt .md .html .docx .csv .tsv .xlsx .json .jsonl, or a folder of them.</source>
        <translation>文件：.txt .md .html .docx .csv .tsv .xlsx .json .jsonl，或包含这些文件的文件夹。</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Import a folder of articles</source>
        <translation>导入一个文章文件夹</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicate, %3 refused</source>
        <translation>已导入 %1，重复 %2，拒绝 %3</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>Cancelling after the current file…</source>
        <translation>当前文件完成后取消…</translation>
    </message>
</context>
<context>
    <name>KindPage</name>
    <message>
        <source>Name (stored)</source>
        <translation>名称（存储用）</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>下划线</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>annotated</source>
        <translation>已标注</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>document status</source>
        <translation>文档状态</translation>
    </message>
    <message>
        <source>document fields</source>
        <translation>文档字段</translation>
    </message>
    <message>
        <source>suggestion rejected</source>
        <translation>已拒绝建议</translation>
    </message>
    <message>
        <source>suggestion offered again</source>
        <translation>建议已恢复</translation>
    </message>
    <message>
        <source>mentions annotated</source>
        <translation>已标注各处提及</translation>
    </message>
    <message>
        <source>link made</source>
        <translation>已建立关联</translation>
    </message>
    <message>
        <source>link removed</source>
        <translation>已删除关联</translation>
    </message>
    <message>
        <source>registry entry made</source>
        <translation>已新建登记条目</translation>
    </message>
    <message>
        <source>article details</source>
        <translation>文章信息</translation>
    </message>
    <message>
        <source>change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Annotator — %1</source>
        <translation>Annotator 标注工具 — %1</translation>
    </message>
    <message>
        <source>Search title and text (either script)…</source>
        <translation>搜索标题和正文（简繁皆可）…</translation>
    </message>
    <message>
        <source>No document open.</source>
        <translation>未打开文档。</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>No suggestion chosen: F8 goes to the next one</source>
        <translation>未选中建议：按 F8 转到下一条</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>In the coding form: Return saves, Esc reverts.</source>
        <translation>在编码表单中：回车保存，Esc 还原。</translation>
    </message>
    <message>
        <source>Original text</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Reading in simplified (繁→简)</source>
        <translation>以简体阅读（繁→简）</translation>
    </message>
    <message>
        <source>Reading in traditional (简→繁)</source>
        <translation>以繁体阅读（简→繁）</translation>
    </message>
    <message>
        <source>%1 characters: suggestions are computed for articles up to %2 (annotator suggest does any)</source>
        <translation>%1 个字符：建议只为不超过 %2 个字符的文章计算（annotator suggest 可处理任意长度）</translation>
    </message>
    <message>
        <source>Select some text in the article first</source>
        <translation>请先在文章中选中一段文字</translation>
    </message>
    <message>
        <source>Click an annotation first</source>
        <translation>请先点击一个标注</translation>
    </message>
    <message>
        <source> · %1 min spent</source>
        <translation> · 已用 %1 分钟</translation>
    </message>
    <message>
        <source>&lt;b&gt;This article&lt;/b&gt; — your status: %1</source>
        <translation>&lt;b&gt;本文&lt;/b&gt; — 你的状态：%1</translation>
    </message>
    <message>
        <source>Changed elsewhere</source>
        <translation>已在别处修改</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Apply my change again</source>
        <translation>再次应用我的修改(&amp;A)</translation>
    </message>
    <message>
        <source>Reloaded: your change was not applied</source>
        <translation>已重新载入：你的修改未应用</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Saved. Every listed document is done or skipped.</source>
        <translation>已保存。列表中的文档都已完成或跳过。</translation>
    </message>
    <message>
        <source>Open an article first</source>
        <translation>请先打开一篇文章</translation>
    </message>
    <message>
        <source>%1 document(s) · %2 · every change is saved at once</source>
        <translation>%1 篇文档 · %2 · 每次修改即时保存</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Annotator projects (*.sqlite)</source>
        <translation>Annotator 项目 (*.sqlite)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Annotator projects (*.sqlite);;All files (*)</source>
        <translation>Annotator 项目 (*.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Upgraded from an older version; the old file is kept as %1</source>
        <translation>已从旧版本升级；旧文件保存为 %1</translation>
    </message>
    <message>
        <source>Click a stakeholder linked to a registry entity first</source>
        <translation>请先点击一个已关联实体的利益相关方</translation>
    </message>
    <message>
        <source>%1 mention(s) of %2 annotated</source>
        <translation>已标注 %2 的 %1 处提及</translation>
    </message>
    <message>
        <source>Adjudication is for the project&apos;s leads while blind mode is on</source>
        <translation>盲评模式开启时，只有项目负责人可以裁决</translation>
    </message>
    <message>
        <source>Open adjudication</source>
        <translation>开始裁决</translation>
    </message>
    <message>
        <source>Blind mode is on. End it now, so that every coder sees everyone&apos;s work?</source>
        <translation>盲评模式已开启。现在结束它，让每位编码员都能看到所有人的标注吗？</translation>
    </message>
    <message>
        <source>Import: %1</source>
        <translation>导入：%1</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge another project</source>
        <translation>合并其他项目</translation>
    </message>
    <message>
        <source>Choose project files or exports…</source>
        <translation>选择项目文件或导出文件…</translation>
    </message>
    <message>
        <source>Save conflicts as CSV…</source>
        <translation>将冲突保存为 CSV…</translation>
    </message>
    <message>
        <source>Documents are matched by their text; what is here is never overwritten: where the two differ, it is kept and the difference listed below. Merging the same file twice adds nothing.</source>
        <translation>文档按正文匹配；本项目中已有的内容绝不会被覆盖：两者不同之处保留本项目的版本，并在下方列出差异。同一文件合并两次不会重复添加。</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Cancelling after the current document…</source>
        <translation>当前文档完成后取消…</translation>
    </message>
    <message>
        <source>Annotator projects and exports (*.sqlite *.jsonl);;All files (*)</source>
        <translation>Annotator 项目和导出文件 (*.sqlite *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <source>Not merged: %1</source>
        <translation>未合并：%1</translation>
    </message>
    <message>
        <source>Save conflicts</source>
        <translation>保存冲突</translation>
    </message>
    <message>
        <source>Conflicts saved to %1</source>
        <translation>冲突已保存到 %1</translation>
    </message>
</context>
<context>
    <name>OthersWork</name>
    <message>
        <source>Show &amp;other coders&apos; annotations</source>
        <translation>显示其他编码员的标注(&amp;O)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cannot reach the project&apos;s database; trying again…</source>
        <translation>无法连接项目数据库，正在重试…</translation>
    </message>
    <message>
        <source>Blind mode ended: other coders&apos; work can be shown</source>
        <translation>盲评模式已结束：可以显示其他编码员的标注</translation>
    </message>
    <message>
        <source>Blind mode: you see your own work only</source>
        <translation>盲评模式：你只能看到自己的标注</translation>
    </message>
</context>
<context>
    <name>RegistryDialog</name>
    <message>
        <source>Entity registry</source>
        <translation>实体库</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Add a &amp;name…</source>
        <translation>添加名称(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Merge into…</source>
        <translation>合并到(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Split names off…</source>
        <translation>拆分名称(&amp;S)…</translation>
    </message>
    <message>
        <source>Annotate all &amp;mentions</source>
        <translation>标注所有提及(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Delete unused entry</source>
        <translation>删除未使用的条目(&amp;D)</translation>
    </message>
    <message>
        <source>%1 entities</source>
        <translation>%1 个实体</translation>
    </message>
    <message>
        <source>Choose an entity in the table first</source>
        <translation>请先在表中选择一个实体</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>实体库</translation>
    </message>
    <message>
        <source>Add a name</source>
        <translation>添加名称</translation>
    </message>
    <message>
        <source>Another name of %1:</source>
        <translation>%1 的另一个名称：</translation>
    </message>
    <message>
        <source>Deleted %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge %1 into:</source>
        <translation>将 %1 合并到：</translation>
    </message>
    <message>
        <source>Split names off</source>
        <translation>拆分名称</translation>
    </message>
    <message>
        <source>Names of %1 that belong to another entity (separated by commas):</source>
        <translation>%1 中属于另一个实体的名称（用逗号分隔）：</translation>
    </message>
</context>
<context>
    <name>ServiceCommand</name>
    <message>
        <source>create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>mark %1</source>
        <translation>标为%1</translation>
    </message>
    <message>
        <source>edit the article&apos;s details</source>
        <translation>编辑文章信息</translation>
    </message>
    <message>
        <source>edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>edit document fields</source>
        <translation>编辑文档字段</translation>
    </message>
    <message>
        <source>reject %1</source>
        <translation>拒绝 %1</translation>
    </message>
    <message>
        <source>annotate mentions of %1</source>
        <translation>标注 %1 的提及</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Your annotations are saved under your coder name; another name starts another coder&apos;s work.</source>
        <translation>你的标注以编码员名字保存；换一个名字即开始另一位编码员的工作。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Coder name</source>
        <translation>编码员名字</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Annotations per day, by kind</source>
        <translation>每日标注数（按类别）</translation>
    </message>
    <message>
        <source>Annotations per day, by coder</source>
        <translation>每日标注数（按编码员）</translation>
    </message>
    <message>
        <source>Stakeholders with most spans</source>
        <translation>标注最多的利益相关方</translation>
    </message>
    <message>
        <source>Figures by metric and period</source>
        <translation>数字（按指标和时期）</translation>
    </message>
    <message>
        <source>Nothing to show yet: annotate some articles first.</source>
        <translation>暂无数据：请先标注一些文章。</translation>
    </message>
    <message>
        <source>Save chart as PNG…</source>
        <translation>将图表另存为 PNG…</translation>
    </message>
    <message>
        <source>Save data as CSV…</source>
        <translation>将数据另存为 CSV…</translation>
    </message>
    <message>
        <source>spans</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Save data</source>
        <translation>保存数据</translation>
    </message>
</context>
<context>
    <name>SuggestionController</name>
    <message>
        <source>Names for suggestions not read: %1</source>
        <translation>未能读取建议所用的名称：%1</translation>
    </message>
    <message>
        <source>Suggested %1 “%2”</source>
        <translation>建议的%1 “%2”</translation>
    </message>
    <message>
        <source>Found by: %1 · confidence %2</source>
        <translation>来源：%1 · 置信度 %2</translation>
    </message>
    <message>
        <source>Found by: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Suggested %1&lt;/b&gt; “%2” (%3) — Return accepts, Delete rejects</source>
        <translation>&lt;b&gt;建议的%1&lt;/b&gt; “%2”（%3）— 回车接受，Delete 拒绝</translation>
    </message>
    <message>
        <source>Suggestion %1 of %2</source>
        <translation>第 %1 条建议（共 %2 条）</translation>
    </message>
    <message>
        <source>No suggestions in this article</source>
        <translation>本文没有建议</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>alice, bob, carol</source>
        <translation>alice, bob, carol</translation>
    </message>
    <message>
        <source>&amp;Assign the documents not yet assigned</source>
        <translation>分配尚未分配的文档(&amp;A)</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Coders</source>
        <translation>编码员</translation>
    </message>
    <message>
        <source>Overlap (every coder gets these)</source>
        <translation>重叠比例（每位编码员都会分到）</translation>
    </message>
    <message>
        <source>Seed (the same seed assigns the same way)</source>
        <translation>随机种子（相同种子得到相同分配）</translation>
    </message>
    <message>
        <source>&amp;Blind mode: coders see only their own work until adjudication opens</source>
        <translation>盲评模式(&amp;B)：在开始裁决之前，编码员只能看到自己的标注</translation>
    </message>
    <message>
        <source>nobody named: everyone leads</source>
        <translation>未指定：人人都是负责人</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Blind mode and leads</source>
        <translation>盲评模式与负责人</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>&lt;b&gt;Progress of each queue&lt;/b&gt;</source>
        <translation>&lt;b&gt;各编码员队列的进度&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Blind mode and leads (changed by the leads: %1)</source>
        <translation>盲评模式与负责人（由负责人修改：%1）</translation>
    </message>
    <message>
        <source>Not assigned: %1</source>
        <translation>未分配：%1</translation>
    </message>
    <message>
        <source>Assigned %1 document(s), %2 of them to every coder.</source>
        <translation>已分配 %1 篇文档，其中 %2 篇分配给每位编码员。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved. Open windows follow within a few seconds.</source>
        <translation>已保存。打开的窗口会在几秒内更新。</translation>
    </message>
</context>
<context>
    <name>WindowCommands</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>团队(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>&amp;Import articles…</source>
        <translation>导入文章(&amp;I)…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import annotated &amp;dataset…</source>
        <translation>导入已标注数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Merge another project…</source>
        <translation>合并其他项目(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Annotate as %1</source>
        <translation>标注为%1</translation>
    </message>
    <message>
        <source>&amp;Delete annotation</source>
        <translation>删除标注(&amp;D)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move start left</source>
        <translation>起点左移</translation>
    </message>
    <message>
        <source>Move start right</source>
        <translation>起点右移</translation>
    </message>
    <message>
        <source>Move end left</source>
        <translation>终点左移</translation>
    </message>
    <message>
        <source>Move end right</source>
        <translation>终点右移</translation>
    </message>
    <message>
        <source>Mark done and go to the &amp;next document</source>
        <translation>标为完成并转到下一篇(&amp;N)</translation>
    </message>
    <message>
        <source>Done, next</source>
        <translation>完成，下一篇</translation>
    </message>
    <message>
        <source>Article &amp;details (outlet, date)…</source>
        <translation>文章信息（媒体、日期）(&amp;D)…</translation>
    </message>
    <message>
        <source>S&amp;kip this document and go to the next</source>
        <translation>跳过此文档并转到下一篇(&amp;K)</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Original text</source>
        <translation>原文(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Simplified (繁→简)</source>
        <translation>简体（繁→简）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Traditional (简→繁)</source>
        <translation>繁体（简→繁）(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language and settings…</source>
        <translation>语言与设置(&amp;L)…</translation>
    </message>
    <message>
        <source>Annotate all mentions of this entity in the article</source>
        <translation>标注本文中该实体的所有提及</translation>
    </message>
    <message>
        <source>Annotate all mentions of this entity in the project</source>
        <translation>标注项目中该实体的所有提及</translation>
    </message>
    <message>
        <source>Show &amp;other coders&apos; annotations</source>
        <translation>显示其他编码员的标注(&amp;O)</translation>
    </message>
    <message>
        <source>Entity &amp;registry…</source>
        <translation>实体库(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Codebook…</source>
        <translation>编码本(&amp;C)…</translation>
    </message>
    <message>
        <source>S&amp;tatistics…</source>
        <translation>统计(&amp;T)…</translation>
    </message>
    <message>
        <source>Next suggestion</source>
        <translation>下一条建议</translation>
    </message>
    <message>
        <source>Previous suggestion</source>
        <translation>上一条建议</translation>
    </message>
    <message>
        <source>Accept the suggestion (in the article)</source>
        <translation>接受建议（在文章中）</translation>
    </message>
    <message>
        <source>Assignment, &amp;progress and blind mode…</source>
        <translation>分配、进度与盲评模式(&amp;P)…</translation>
    </message>
    <message>
        <source>A&amp;greement…</source>
        <translation>一致性(&amp;G)…</translation>
    </message>
    <message>
        <source>A&amp;djudicate…</source>
        <translation>裁决(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Suggest %1</source>
        <translation>建议%1</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WorkerDialog</name>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation>正在导入第 %1 / %2 项：%3</translation>
    </message>
    <message>
        <source>Merging %1 of %2: %3</source>
        <translation>正在合并 %1 / %2：%3</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Annotator</source>
        <translation>Annotator 标注工具</translation>
    </message>
    <message>
        <source>Your name as a coder (it labels your annotations):</source>
        <translation>你的编码员名字（用于标记你的标注）：</translation>
    </message>
    <message>
        <source>The project file is damaged (%1).

What was saved before is in your backups: close Annotator, keep this file aside, and open your latest backup (annotator backup makes one; an upgrade keeps the old file beside the new).</source>
        <translation>项目文件已损坏（%1）。

此前保存的内容在您的备份中：请关闭 Annotator，把此文件另存一旁，然后打开最新的备份（annotator backup 可生成备份；升级时旧文件会保留在新文件旁）。</translation>
    </message>
    <message>
        <source>Something went wrong: %1

Your saved work is in the project.</source>
        <translation>出错了：%1

已保存的工作都在项目中。</translation>
    </message>
</context>
</TS>
