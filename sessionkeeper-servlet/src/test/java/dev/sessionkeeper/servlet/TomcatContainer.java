package dev.sessionkeeper.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;

final class TomcatContainer implements Container {

    private Tomcat tomcat;

    @Override
    public String start(Filter filter, HttpServlet servlet) throws Exception {
        Path base = Files.createTempDirectory("tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        FilterDef def = new FilterDef();
        def.setFilterName("sessionkeeper");
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("sessionkeeper");
        map.addURLPattern("/*");
        for (String dispatcher : new String[] {"REQUEST", "FORWARD", "INCLUDE", "ASYNC", "ERROR"}) {
            map.setDispatcher(dispatcher);
        }
        context.addFilterMap(map);
        Tomcat.addServlet(context, "app", servlet).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "app");
        tomcat.start();
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Override
    public String toString() {
        return "Tomcat 10.1";
    }
}
